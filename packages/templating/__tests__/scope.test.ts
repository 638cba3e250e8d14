import {
  LazyMapping,
  OMIT,
  TemplateError,
  createScope,
  evaluateExpression,
  labelLayer,
  markUnsafe,
  renderValue,
} from '../src';

describe('scope layering and laziness', () => {
  test('highest layer holding a name wins', () => {
    const s = createScope([{ a: 'low', b: 'only-low' }, { a: 'high' }]);
    expect(s.get('a')).toBe('high');
    expect(s.get('b')).toBe('only-low');
    expect(s.has('b')).toBe(true);
    expect(s.has('zz')).toBe(false);
  });

  test('values referencing other variables render recursively, across layers', () => {
    const s = createScope([
      { registry: 'quay.io', repo: '{{ registry }}/{{ org }}/app' },
      { org: 'zuul' },
    ]);
    expect(s.get('repo')).toBe('quay.io/zuul/app');
  });

  test('a child scope renders parent values in its own context (loop var seen lazily)', () => {
    const s = createScope([{ tag: 'v-{{ item }}' }]);
    expect(s.child({ item: 1 }).get('tag')).toBe('v-1');
    expect(s.child({ item: 2 }).get('tag')).toBe('v-2');
    expect(s.child({ item: 2, tag: 'override' }).get('tag')).toBe('override');
  });

  test('an undefined name is never resolved until used', () => {
    const s = createScope([{ broken: '{{ nope }}', fine: 'ok' }]);
    expect(s.get('fine')).toBe('ok');
  });

  test('results are cached per scope (side effects of .append persist within a scope)', () => {
    const s = createScope([{ tags: [] as unknown[] }]);
    renderValue('{{ tags.append(1) }}', s);
    expect(s.get('tags')).toEqual([1]);
    expect(createScope([{ tags: [] }]).get('tags')).toEqual([]);
  });

  test('raw layers are never mutated by rendering', () => {
    const layer = { tags: ['a'] as unknown[] };
    const s = createScope([layer]);
    renderValue('{{ tags.append(1) }}', s);
    expect(layer.tags).toEqual(['a']);
  });
});

describe('errors', () => {
  test('cycle names the chain', () => {
    const s = createScope([{ a: '{{ b }}', b: '{{ c }}', c: '{{ a }}' }]);
    expect(() => s.get('a')).toThrow(
      /recursive loop detected in template string: a -> b -> c -> a/,
    );
    try {
      s.get('a');
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      expect((e as TemplateError).chain).toEqual(['a', 'b', 'c', 'a']);
    }
  });

  test('self reference is a cycle', () => {
    const s = createScope([{ a: 'x' }, { a: '{{ a }}-y' }]);
    expect(() => s.get('a')).toThrow(/recursive loop detected in template string: a -> a/);
  });

  test('undefined variable names the variable and where it was used', () => {
    const s = createScope([
      labelLayer({ image: '{{ registry }}/app' }, 'play vars in run.yaml:12'),
    ]);
    expect(() => renderValue({ repository: '{{ image }}' }, s, 'container_images[0]')).toThrow(
      "container_images[0].repository: variable 'image' (play vars in run.yaml:12): 'registry' is undefined",
    );
    expect(() => s.get('nothere')).toThrow("'nothere' is undefined");
  });

  test('missing dict key: error names the key', () => {
    const s = createScope([{ zuul: { project: {} } }]);
    expect(() => renderValue('{{ zuul.project.name }}', s, 'x')).toThrow(
      "x: 'dict object' has no attribute 'name'",
    );
  });

  test('a variable whose value is undefined is itself undefined inside templates (AnsibleJ2Vars)', () => {
    const s = createScope([{ broken: '{{ nope }}' }]);
    expect(renderValue('{{ broken | default("fallback") }}', s)).toBe('fallback');
    expect(renderValue('{{ broken is defined }}', s)).toBe(false);
  });

  test('syntax errors are TemplateErrors with where', () => {
    const s = createScope([{}]);
    expect(() => renderValue('{{ a + }}', s, 'vars.x')).toThrow(/^vars\.x: template syntax error/);
  });
});

describe('renderValue', () => {
  test('deep: dict values and list items are rendered, dict keys kept as written; other types kept', () => {
    const s = createScope([{ n: 'web', port: 8080 }]);
    expect(renderValue({ '{{ n }}_key': ['{{ n }}', 3, true, null], p: '{{ port }}' }, s)).toEqual({
      '{{ n }}_key': ['web', 3, true, null],
      p: 8080,
    });
  });

  test('omit sentinel is produced and can be dropped by callers', () => {
    const s = createScope([{}]);
    expect(renderValue({ a: '{{ x | default(omit) }}' }, s)).toEqual({ a: OMIT });
  });

  test('unsafe values and names are never templated', () => {
    const s = createScope([{ secret: { password: 'p{{ a }}' }, msg: markUnsafe('{{ boom }}') }], {
      unsafe: new Set(['secret']),
    });
    expect(s.get('secret')).toEqual({ password: 'p{{ a }}' });
    expect(s.get('msg')).toBe('{{ boom }}');
    expect(renderValue('{{ secret.password }}', s)).toBe('p{{ a }}');
  });
});

describe('helpers for the runner', () => {
  test('invalidate() makes layer mutations (set_fact) visible', () => {
    const facts: Record<string, unknown> = {};
    const s = createScope([{ x: 'job' }, facts]);
    expect(s.get('x')).toBe('job');
    facts.x = 'fact';
    s.invalidate();
    expect(s.get('x')).toBe('fact');
  });

  test('tryGet omits names that fail to render (Zuul var freezing)', () => {
    const s = createScope([{ ok: '{{ 1 + 1 }}', bad: '{{ later_fact }}' }]);
    expect(s.tryGet('ok')).toEqual({ ok: true, value: '2' });
    expect(s.tryGet('bad').ok).toBe(false);
    expect(s.tryGet('absent')).toEqual({ ok: false });
  });

  test('from_json / from_yaml errors never echo the (possibly secret) input', () => {
    const s = createScope([{ secret: '{"password": hunter2}', y: 'a: [hunter2' }]);
    expect(() => renderValue('{{ secret | from_json }}', s)).toThrow(/from_json: invalid JSON/);
    expect(() => renderValue('{{ secret | from_json }}', s)).not.toThrow(/hunter2/);
    expect(() => renderValue('{{ y | from_yaml }}', s)).not.toThrow(/hunter2/);
  });
});

describe('unsafe text stays unsafe through later renders (AnsibleUnsafeText)', () => {
  test('a fact copied from zuul.change_message is never templated when read', () => {
    const injected = "{{ lookup('env', 'HOME') }} owned";
    const facts: Record<string, unknown> = {};
    const s = createScope([{ zuul: { change_message: markUnsafe(injected) } }, facts]);
    facts.msg = renderValue('{{ zuul.change_message }}', s); // set_fact: msg: "{{ zuul.change_message }}"
    s.invalidate();
    expect(s.get('msg')).toBe(injected);
    facts.wrapped = renderValue('Message: {{ msg }}', s);
    s.invalidate();
    expect(s.get('wrapped')).toBe(`Message: ${injected}`);
  });

  test('ordinary values with the same shape are still templated', () => {
    const s = createScope([{ a: '{{ 1 + 2 }}' }]);
    expect(s.get('a')).toBe('3');
  });
});

describe('LazyMapping (hostvars)', () => {
  test('values are produced per access; other entries are never rendered', () => {
    const hosts: Record<string, ReturnType<typeof createScope>> = {
      node1: createScope([{ ansible_host: '10.0.0.1', broken: '{{ nope }}' }]),
      node2: createScope([{ ansible_host: 'fd00::2' }]),
    };
    const accessed: string[] = [];
    const hostvars = new LazyMapping(
      () => Object.keys(hosts),
      (h) =>
        new LazyMapping(
          () => hosts[h].names(),
          (n) => {
            accessed.push(`${h}.${n}`);
            return hosts[h].get(n);
          },
        ),
    );
    const s = createScope([{ hostvars, inventory_hostname: 'node2' }]);
    expect(renderValue('{{ hostvars[inventory_hostname].ansible_host | ipwrap }}', s)).toBe(
      '[fd00::2]',
    );
    expect(renderValue("{{ hostvars['node1']['ansible_host'] }}", s)).toBe('10.0.0.1');
    expect(
      renderValue("{{ 'node1' in hostvars }}|{{ hostvars | length }}|{{ hostvars is mapping }}", s),
    ).toBe('True|2|True');
    expect(renderValue('{% for h in hostvars %}{{ h }};{% endfor %}', s)).toBe('node1;node2;');
    expect(renderValue('{{ hostvars.node3 is defined }}', s)).toBe(false);
    expect(accessed).toEqual(['node2.ansible_host', 'node1.ansible_host']);
    expect(() => renderValue('{{ hostvars.node1.broken }}', s)).toThrow(/'nope' is undefined/);
  });
});

test('evaluateExpression does not stringify (a LazyMapping is not materialised)', () => {
  let reads = 0;
  const hostvars = new LazyMapping(
    () => ['a', 'b'],
    () => {
      reads++;
      return {};
    },
  );
  const s = createScope([{ hostvars }]);
  expect(evaluateExpression('hostvars', s)).toBe(hostvars);
  expect(reads).toBe(0);
});

test('errors inside a container variable name the element path', () => {
  const s = createScope([
    labelLayer({ container_images: [{ repository: '{{ registry }}/x' }] }, 'job vars'),
  ]);
  expect(() => s.get('container_images')).toThrow(
    "variable 'container_images' (job vars): container_images[0].repository: 'registry' is undefined",
  );
});
