// An example tempfs terminal command. Any `.js`/`.mjs` file in a folder listed under
// `commands:` in tempfs.yaml is loaded when the terminal opens; its default export is
// the command. Try it: `hello`, `hello Ada`, `hi --uname`.
export default {
  name: 'hello',
  aliases: ['hi'],
  description: 'greet someone from inside the container (--uname: show the kernel too)',
  // Offered by every container whose `roles:` include one of these.
  roles: ['base'],

  async execute(args, ctx) {
    const withUname = args.includes('--uname');
    const who = args.filter((a) => a !== '--uname').join(' ') || 'world';
    // Run a command in the container; pass ctx.signal so Ctrl-C cancels it.
    const host = await ctx.container.exec(['hostname'], { signal: ctx.signal });
    ctx.print(`hello ${who}, from ${ctx.container.service} (${host.stdout.trim()}) in project ${ctx.project.name}`);
    if (withUname) {
      const uname = await ctx.container.exec(['uname', '-sr'], { signal: ctx.signal });
      // A returned string is printed too.
      return uname.stdout.trim();
    }
  },
};
