/**
 * The variables every differential entry is evaluated with, written the same way for both
 * sides: Zuul's inventory.yaml (host and group vars, one `!unsafe` value), extra vars with a
 * `zuul` dict, and play vars holding one variable of each type the matrix crosses with every
 * filter and test.
 */

/** One variable per type (name -> YAML text of its value). */
export const TYPED_VARS: Record<string, string> = {
  int_zero: '0',
  int_pos: '5000',
  int_neg: '-3',
  float_frac: '1.5',
  float_whole: '2.0',
  bool_true: 'true',
  bool_false: 'false',
  none_var: 'null',
  str_empty: "''",
  str_word: 'hello',
  str_num: "'42'",
  str_float: "'3.14'",
  str_bool: "'true'",
  str_spaces: "'  padded  '",
  str_title: "'Hello World'",
  str_path: '/var/lib/zuul/builds/file.tar.gz',
  str_image: 'docker.io/library/busybox:1.36',
  str_multiline: '"a\\nb\\n"',
  str_unicode: 'héllo wörld',
  str_templated: '"{{ str_word }}-x"',
  list_empty: '[]',
  list_str: '[b, a, c, a]',
  list_int: '[3, 1, 2]',
  list_mixed: '[1, a, null, true]',
  list_nested: '[[1, 2], [3]]',
  dict_empty: '{}',
  dict_simple: '{a: 1, b: x}',
  dict_nested: '{outer: {inner: [1, 2]}, k: v}',
  list_dicts: '[{name: a, v: 1}, {name: b, v: 2}]',
};

export const TYPED_VAR_NAMES = Object.keys(TYPED_VARS);

/** Play vars: the typed variables plus the role-default idioms the corpus uses. */
export function playVarsYaml(): string {
  const typed = TYPED_VAR_NAMES.map((k) => `    ${k}: ${TYPED_VARS[k]}`).join('\n');
  return `${typed}
    registry: quay.io
    container_images:
      - context: .
        registry: quay.io
        repository: quay.io/org/app
        tags: ['{{ zuul.tag | default("latest") }}', latest]
        build_args: ['VERSION={{ zuul.change }}']
      - context: sub
        repository: docker.io/org/other
        target: prod
    container_command: podman
    buildset_registry: {host: 127.0.0.1, port: 5000, username: zuul, password: pw}
    items_nested: [[1, 2], [3, [4, 5]], 6]
    pairs: [[a, 1], [b, 2]]
    versions: ['1.10.0', '1.9.2', '2.0.0rc1']
    port: 5000
`;
}

export const INVENTORY_YAML = `all:
  hosts:
    node:
      ansible_connection: local
      ansible_host: 127.0.0.1
      ansible_user: zuul
      nodepool:
        label: ubuntu-jammy
        region: RegionOne
      host_only: from-host
  vars:
    inv_var: from-inventory
    inv_templated: "{{ inv_var }}-t"
    unsafe_text: !unsafe "{{ never_rendered }}"
    inv_bool: yes
    inv_octal: 0755
  children:
    builders:
      hosts:
        node:
`;

export const EXTRA_VARS_YAML = `zuul:
  change: '12345'
  patchset: '3'
  pipeline: gate
  tag: change_12345
  project:
    name: org/app
    short_name: app
    canonical_name: opendev.org/org/app
    src_dir: src/opendev.org/org/app
  items:
    - project: {name: org/app}
      change: '12345'
  executor:
    log_root: /tmp/zts-logs
extra_str: from-extra
extra_int: 7
`;
