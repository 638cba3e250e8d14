/** to_datetime and strftime (Ansible), on the minimal Python datetime in ../datetime.ts. */
import { PyDateTime, nowDateTime, strftime, strptime } from '../datetime';
import { TemplateError } from '../errors';
import { bindArgs } from '../kwargs';
import { pyStr } from '../python';
import { defined } from '../undefined';
import { FilterTable } from './types';

export const timeFilters: FilterTable = {
  to_datetime(value, ...args) {
    const { format } = bindArgs(args, ['format'], { format: '%Y-%m-%d %H:%M:%S' });
    try {
      return strptime(pyStr(defined(value)), pyStr(format));
    } catch (e) {
      throw new TemplateError((e as Error).message);
    }
  },
  /** `'%Y' | strftime(second=epoch)`: format a time (default now, local wall clock). */
  strftime(value, ...args) {
    const { second, utc } = bindArgs(args, ['second', 'utc'], { second: null, utc: false });
    const at = second === null ? new Date() : new Date(Number(second) * 1000);
    const dt: PyDateTime = nowDateTime(!!utc, at);
    return strftime(dt, pyStr(defined(value)));
  },
};
