/**
 * What the simulated controller and platform hosts list: the standard templates seen live, the VM
 * types seen (with hourly prices the simulator bills), the project's clusters and volume claims.
 * Template ids and images of Grounding Dino and DeepSeek are the live ones; the others are made up in
 * the same format. Prices are the simulator's own (the live field name `price_hour` is unverified).
 */
import type { EndpointKind } from "../../dedicated-endpoints.js";

export interface VmType {
  readonly id: string;
  readonly name: string;
  readonly gpu_type: string | null;
  readonly gpu_count: number;
  readonly vcpu: number;
  readonly memory_gb: number;
  /** USD per hour, billed per started hour while a deployment runs. */
  readonly price_hour: number;
}

export const VM_TYPES: readonly VmType[] = [
  {
    id: "vm_c1",
    name: "C-4vCPU_16GB",
    gpu_type: null,
    gpu_count: 0,
    vcpu: 4,
    memory_gb: 16,
    price_hour: 0.05,
  },
  {
    id: "vm_gt1",
    name: "G-T4_16GB-x1",
    gpu_type: "T4",
    gpu_count: 1,
    vcpu: 4,
    memory_gb: 16,
    price_hour: 0.25,
  },
  {
    id: "vm_gt2",
    name: "G-T4_16GB-x2",
    gpu_type: "T4",
    gpu_count: 2,
    vcpu: 8,
    memory_gb: 32,
    price_hour: 0.5,
  },
  {
    id: "vm_gv1",
    name: "G-V100_32GB-x1",
    gpu_type: "V100",
    gpu_count: 1,
    vcpu: 8,
    memory_gb: 64,
    price_hour: 0.6,
  },
  {
    id: "vm_ga1",
    name: "G-A100_80GB-x1",
    gpu_type: "A100",
    gpu_count: 1,
    vcpu: 12,
    memory_gb: 120,
    price_hour: 1.79,
  },
  {
    id: "vm_gh200x1",
    name: "G-H200_141GB-x1",
    gpu_type: "H200",
    gpu_count: 1,
    vcpu: 24,
    memory_gb: 240,
    price_hour: 3.49,
  },
];

/** A standard template and how its deployments' endpoints behave. */
export interface TemplateSpec {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly category: "serving" | "prototyping";
  readonly tags: readonly string[];
  readonly container_images: readonly string[];
  readonly container_port: number;
  /** What the endpoint serves. */
  readonly kind: EndpointKind;
  /** The model id `/v1/models` lists (OpenAI-compatible templates). */
  readonly model: string;
  /** Statuses the endpoint answers before it is ready (one per warm-up step), from the sequences seen. */
  readonly warmup: readonly number[];
}

export const STANDARD_TEMPLATES: readonly TemplateSpec[] = [
  {
    id: "img_qqu31asazaig666jtzp7gjd4pway",
    name: "Grounding Dino",
    description: "Open-set object detection (Gradio app).",
    category: "serving",
    tags: ["ImageGen", "Vision"],
    container_images: ["thetalabsofficial/grounding-dino:1.3"],
    container_port: 7860,
    kind: "gradio",
    model: "grounding-dino",
    warmup: [404, 502],
  },
  {
    id: "img_gf070dbq0kttgz1atmiatyunhdxm",
    name: "DeepSeek R1 Distill Qwen 7B",
    description: "DeepSeek-R1-Distill-Qwen-7B on vLLM (OpenAI-compatible).",
    category: "serving",
    tags: ["LLM"],
    container_images: ["thetalabsofficial/vllm-theta:latest"],
    container_port: 8000,
    kind: "openai",
    model: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
    warmup: [404, 503, 500],
  },
  {
    id: "img_gptoss20bvllmserving000000",
    name: "gpt-oss-20b",
    description: "gpt-oss-20b on vLLM (OpenAI-compatible).",
    category: "serving",
    tags: ["LLM"],
    container_images: ["thetalabsofficial/vllm-theta:latest"],
    container_port: 8000,
    kind: "openai",
    model: "openai/gpt-oss-20b",
    warmup: [404, 502, 503, 401],
  },
  {
    id: "img_jupyternotebookprototype00",
    name: "Jupyter Notebook",
    description: "A Jupyter notebook server.",
    category: "prototyping",
    tags: ["Notebook"],
    container_images: ["jupyter/base-notebook:latest"],
    container_port: 8888,
    kind: "none",
    model: "",
    warmup: [404],
  },
  {
    id: "img_gpunodeprototype0000000000",
    name: "GPU Node",
    description: "A bare GPU node with SSH.",
    category: "prototyping",
    tags: ["GPU"],
    container_images: ["thetalabsofficial/gpu-node:latest"],
    container_port: 22,
    kind: "none",
    model: "",
    warmup: [404],
  },
];

/** How a deployment from a container image (no template) behaves. */
export const CONTAINER_IMAGE_TEMPLATE: Omit<TemplateSpec, "id" | "container_images"> = {
  name: "Custom Image",
  description: "A deployment of a container image.",
  category: "serving",
  tags: [],
  container_port: 8000,
  kind: "none",
  model: "",
  warmup: [404, 502],
};

/** The template as the template lists render it (the behaviour fields stay in the simulator). */
export function renderTemplate(template: TemplateSpec, createTime: string): Record<string, unknown> {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    tags: [...template.tags],
    category: template.category,
    project_id: null,
    container_images: [...template.container_images],
    container_port: template.container_port,
    container_args: [],
    env_vars: {},
    require_env_vars: false,
    rank: STANDARD_TEMPLATES.indexOf(template) + 1,
    icon_url: null,
    create_time: createTime,
  };
}

export const CLUSTERS: readonly Record<string, unknown>[] = [
  { id: "cluster_sim1", name: "sim-cluster-1", region: "sim-local", node_count: 2, gpu_type: "A100" },
];

export const VOLUME_CLAIMS: readonly Record<string, unknown>[] = [
  { name: "claim-models", size: "50Gi", storage_class: "standard", status: "Bound" },
  { name: "claim-data", size: "10Gi", storage_class: "standard", status: "Bound" },
];
