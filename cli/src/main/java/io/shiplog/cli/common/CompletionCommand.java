package io.shiplog.cli.common;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shiplog completion bash|zsh}: the shell completion script of every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script of every shiplog command and option.",
            "bash: source <(shiplog completion bash)   (or save it in /etc/bash_completion.d/shiplog)",
            "zsh:  source <(shiplog completion zsh)    (the script loads zsh's bashcompinit)"})
public final class CompletionCommand implements Callable<Integer> {

    /** The shells the script is for. */
    public enum Shell { BASH, ZSH }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        // one script for both: under zsh it loads bashcompinit itself
        String script = AutoComplete.bash(spec.root().name(), spec.root().commandLine());
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return CommonOptions.OK;
    }
}
