/** The agents and documents of each project, as the simulator keeps them. */

export type JsonObject = Record<string, unknown>;

export interface StoredDocument {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  /** The file part's exact bytes. */
  readonly content: Buffer;
  readonly metadata: JsonObject;
  readonly createdAt: string;
  /** `estimateTokens` of the content read as UTF-8. */
  readonly embeddingTokenCount: number;
}

export interface StoredAgent {
  readonly id: string;
  readonly projectId: string;
  readonly knowledgeBaseId: string;
  readonly createdAt: string;
  /** The fields as last sent (create, then each update merged over them). */
  fields: JsonObject;
  /** Documents in the order they were added. */
  readonly documents: Map<string, StoredDocument>;
}

/** One project's agents, in the order they were created. */
export type ProjectAgents = Map<string, StoredAgent>;

export class AgentsState {
  private readonly projects = new Map<string, ProjectAgents>();

  /** The agents of `projectId` (created empty on first use). */
  project(projectId: string): ProjectAgents {
    let agents = this.projects.get(projectId);
    if (!agents) {
      agents = new Map();
      this.projects.set(projectId, agents);
    }
    return agents;
  }
}
