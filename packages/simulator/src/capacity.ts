/**
 * The answer Theta gives when no instance is free (409). The `capacity` fault action answers it on any
 * route, and family modules answer it when their simulated capacity is used up.
 */
export const CAPACITY_MESSAGE = "No instances available - try again later";
