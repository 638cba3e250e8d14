import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where and how to reach a node over SSH, from its Ansible connection variables. */
export interface SshTarget {
  /** Inventory name, used in messages and in `nodes.unreachable`. */
  name: string;
  host: string;
  port: number;
  username: string;
  /** False when Zuul turned host key checking off (`StrictHostKeyChecking=false`). */
  checkHostKey: boolean;
  /** known_hosts files to check the host key against. */
  knownHosts: string[];
}

const SSH_CONNECTIONS = new Set(['ssh', 'smart', 'paramiko', 'paramiko_ssh']);
const OFF = /^(no|false|off|0)$/i;

/** `-o Name=value` / `-o Name value` options of an ssh argument string. */
function sshOption(args: string, name: string): string | undefined {
  const re = new RegExp(`-o\\s*${name}(?:\\s*=\\s*|\\s+)("[^"]*"|'[^']*'|\\S+)`, 'i');
  const m = re.exec(args);
  return m ? m[1].replace(/^["']|["']$/g, '') : undefined;
}

/**
 * The SSH target of a host, or undefined when roles act on the local machine. As Ansible:
 * `ansible_connection: local` (or the implicit `localhost`) is local; otherwise a host with an
 * `ansible_host` is reached over SSH (`ssh` is Ansible's default connection, and Zuul leaves
 * `ansible_connection` unset for SSH nodes).
 */
export function sshTarget(
  name: string,
  vars: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): SshTarget | undefined {
  const connection = vars.ansible_connection as string | undefined;
  if (connection !== undefined && !SSH_CONNECTIONS.has(connection)) return undefined;
  const host = (vars.ansible_host as string | undefined) ?? (connection ? name : undefined);
  if (!host || (connection === undefined && name === 'localhost')) return undefined;
  const args = [vars.ansible_ssh_common_args, vars.ansible_ssh_extra_args]
    .filter((a): a is string => typeof a === 'string')
    .join(' ');
  const strict = sshOption(args, 'StrictHostKeyChecking');
  const envCheck = env.ANSIBLE_HOST_KEY_CHECKING;
  const checkHostKey =
    !(strict !== undefined && OFF.test(strict)) && !(envCheck && OFF.test(envCheck));
  const userFile = sshOption(args, 'UserKnownHostsFile');
  return {
    name,
    host,
    port: Number(vars.ansible_port ?? vars.ansible_ssh_port ?? 22),
    username: String(vars.ansible_user ?? vars.ansible_ssh_user ?? env.USER ?? 'root'),
    checkHostKey,
    knownHosts: userFile
      ? userFile.split(/\s+/)
      : [join(homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'],
  };
}
