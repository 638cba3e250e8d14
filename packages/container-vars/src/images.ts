/** One `container_images` item, after schema validation. */
export interface ContainerImage {
  context?: string;
  path?: string;
  container_filename?: string;
  repository: string;
  registry?: string;
  tags?: string[];
  build_args?: string[];
  target?: string;
  siblings?: string[];
  labels?: string[];
  arch?: string[];
}

/** The image's final tags; zuul-jobs' default is `['latest']`. */
export function imageTags(image: ContainerImage): string[] {
  return image.tags && image.tags.length > 0 ? image.tags : ['latest'];
}
