import RatchetCLI

await RatchetCommand.runAsRoot()
