// Compiles Cairn's stylesheet in a child process: reads { source, loadPaths } as JSON on stdin and
// writes the CSS to stdout. The Sass compiler takes tens of megabytes once loaded; running it in its
// own short-lived process keeps it out of the web server's memory altogether.
// Plain JavaScript so it runs with plain node, whatever runs the server.
import * as sass from 'sass';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const { source, loadPaths } = JSON.parse(input);
  const css = sass.compileString(source, {
    loadPaths,
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'mixed-decls'],
    logger: sass.Logger.silent,
  }).css;
  process.stdout.write(css);
});
