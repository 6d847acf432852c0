// Reading secrets for the admin CLI: from the terminal without echo, or line by line from stdin.
// Never from argv, where they would land in shell history and the process list.
import { createInterface } from 'node:readline';

export type SecretReader = (prompt: string) => Promise<string>;

export function stdinSecretReader(): SecretReader {
  if (process.stdin.isTTY) return askHidden;
  const lines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  return async (prompt) => {
    process.stderr.write(prompt);
    const next = await lines.next();
    process.stderr.write('\n');
    if (next.done) throw new Error('standard input ended before a passphrase was read');
    return next.value;
  };
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
