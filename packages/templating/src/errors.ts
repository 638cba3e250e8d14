/**
 * Errors raised while templating. The message always names what was being rendered (`where`, e.g.
 * "play vars in run.yaml:12" or "container_images[0].repository") and, for variable resolution,
 * the chain of variables (`a -> b -> a` for cycles, mirroring Ansible's "recursive loop detected
 * in template string").
 */
export class TemplateError extends Error {
  readonly where?: string;
  readonly variable?: string;
  readonly chain?: string[];
  /** True when the cause is an undefined variable/attribute (Ansible's AnsibleUndefinedVariable). */
  readonly undefinedVariable: boolean;

  constructor(
    message: string,
    opts: { where?: string; variable?: string; chain?: string[]; undefinedVariable?: boolean } = {},
  ) {
    super(message);
    this.name = 'TemplateError';
    this.where = opts.where;
    this.variable = opts.variable;
    this.chain = opts.chain;
    this.undefinedVariable = opts.undefinedVariable ?? false;
  }
}

/** Raised when an undefined value is used (rendered, iterated, compared, called, ...). */
export class UndefinedVariableError extends TemplateError {
  constructor(message: string, variable?: string) {
    super(message, { variable, undefinedVariable: true });
    this.name = 'UndefinedVariableError';
  }
}
