package dev.vantage.coordinator.cli;

import dev.vantage.common.text.Display;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vantage completion bash}: the shell completion script for every subcommand and option. */
@Command(name = "completion", description = "Print a shell completion script; load it with: source <(vantage completion bash) "
        + "(zsh: autoload -U +X bashcompinit && bashcompinit first).")
final class CompletionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash (zsh reads the same script through bashcompinit).")
    private String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash")) {
            throw new CliFailure(ExitCodes.USAGE, "shell: " + Display.quote(shell) + " is not supported; use bash "
                    + "(in zsh too, after autoload -U +X bashcompinit && bashcompinit)");
        }
        // The whole tree: the launcher may have set up only this subcommand (VantageCli#commandLine(VantageCli, String[])).
        String script = AutoComplete.bash("vantage", VantageCli.commandLine(new VantageCli()));
        PrintWriter out = spec.commandLine().getOut();
        out.print(script);
        out.flush();
        return ExitCodes.OK;
    }
}
