# Ansible action plugin used only by the differential templating suite: evaluates every
# corpus entry with Ansible's own Templar (and Conditional for `when` entries) in the
# variables of the task that calls it, and writes each result with its Python type.
import json
import math
from collections.abc import Mapping

from ansible.module_utils.parsing.convert_bool import boolean
from ansible.playbook.conditional import Conditional
from ansible.plugins.action import ActionBase
from ansible.plugins.loader import lookup_loader
from ansible.utils.listify import listify_lookup_plugin_terms


def tag(v):
    if v is None:
        return {'t': 'none'}
    if isinstance(v, bool):
        return {'t': 'bool', 'v': v}
    if isinstance(v, int):
        return {'t': 'int', 'v': v if abs(v) < 2 ** 53 else str(v)}
    if isinstance(v, float):
        return {'t': 'float', 'v': v if math.isfinite(v) else repr(v)}
    if isinstance(v, str):
        return {'t': 'str', 'v': str(v)}
    if isinstance(v, Mapping):
        return {'t': 'dict', 'v': [[tag(k), tag(x)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        return {'t': 'list', 'v': [tag(x) for x in v]}
    return {'t': type(v).__name__, 'v': str(v)}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        with open(self._task.args['entries']) as f:
            entries = json.load(f)
        out = {}
        for e in entries:
            try:
                value = self.evaluate(e, task_vars)
                # an argument that is omit is dropped from the task's arguments
                out[e['id']] = {'t': 'omitted'} if value == task_vars['omit'] else tag(value)
            except Exception as err:  # any failure is the entry's result
                out[e['id']] = {'t': 'error', 'v': str(err)[:400]}
        with open(self._task.args['output'], 'w') as f:
            json.dump(out, f)
        result['changed'] = False
        return result

    def evaluate(self, e, task_vars):
        templar = self._templar
        if e['kind'] == 'when':
            cond = Conditional(loader=self._loader)
            cond.when = e['value'] if isinstance(e['value'], list) else [e['value']]
            return cond.evaluate_conditional(templar, task_vars)
        if e['kind'] == 'with_items':
            # TaskExecutor._get_loop_items for with_<lookup>
            terms = listify_lookup_plugin_terms(terms=e['value'], templar=templar, convert_bare=False)
            items = lookup_loader.get('items', loader=self._loader, templar=templar)
            return items.run(terms=terms, variables=task_vars, wantlist=True)
        value = templar.template(e['value'])
        if e['kind'] == 'loop' and not isinstance(value, list):
            raise ValueError('loop requires a list')
        if e['kind'] == 'set_fact':
            # the set_fact action plugin's conversion of its (templated) arguments
            if isinstance(value, str) and value.lower() in ('true', 'false', 'yes', 'no'):
                value = boolean(value, strict=False)
            saved = templar.available_variables
            try:
                templar.available_variables = dict(saved, zts_fact=value)
                value = templar.template('{{ zts_fact }}')
            finally:
                templar.available_variables = saved
        return value
