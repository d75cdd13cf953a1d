import Console

// credence-console: the credit manager's web console over the published topics (options: credence-console --help).
await ConsoleMain.run()
