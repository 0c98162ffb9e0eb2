package io.shiplog.local.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.local.git.GitSshCommandLine.Service;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GitSshCommandLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "git-upload-pack '/config'          | UPLOAD_PACK  | config",
            "git upload-pack '/config'          | UPLOAD_PACK  | config",
            "git-receive-pack '/config'         | RECEIVE_PACK | config",
            "git receive-pack 'config.git'      | RECEIVE_PACK | config",
            "git-upload-pack '/team/config.git' | UPLOAD_PACK  | team/config",
            "git-upload-pack /team/config       | UPLOAD_PACK  | team/config",
            "git-upload-pack '/config/'         | UPLOAD_PACK  | config"})
    void parsesTheCommandsGitAndJGitSend(String command, Service service, String repository) {
        assertThat(GitSshCommandLine.parse(command)).isEqualTo(new GitSshCommandLine(service, repository));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "git-upload-pack '/../outside'",
            "git-upload-pack '../outside.git'",
            "git-upload-pack '/config/../../outside'",
            "git-receive-pack '~/config'",
            "git-receive-pack '~git/config'",
            "git-upload-pack '/.hidden'",
            "git-upload-pack '//config'",
            "git-upload-pack ''"})
    void refusesPathsThatCouldLeaveTheRepositoriesRootNamingThem(String command) {
        String path = command.substring(command.indexOf('\'') + 1, command.lastIndexOf('\''));
        assertThatThrownBy(() -> GitSshCommandLine.parse(command))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + path + "'")
                .hasMessageContaining("is not a repository of this server");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "git-upload-pack '/config' --help",
            "git-upload-pack '/config'; id",
            "git-upload-pack /config;id",
            "git-upload-pack \"/config\"",
            "git-upload-pack '/con'\\''fig'",
            "git-upload-pack $(id)"})
    void refusesAnythingButOnePlainOrSingleQuotedArgument(String command) {
        assertThatThrownBy(() -> GitSshCommandLine.parse(command))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be one argument");
    }

    @ParameterizedTest
    @ValueSource(strings = {"git-upload-archive '/config'", "sh -c id", "ls /", "git-shell -c x",
            "git daemon '/config'"})
    void refusesCommandsOtherThanUploadAndReceivePack(String command) {
        assertThatThrownBy(() -> GitSshCommandLine.parse(command))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + command + "\" is not served");
    }

    @Test
    void refusesMissingCommandOrPath() {
        assertThatThrownBy(() -> GitSshCommandLine.parse(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no command given");
        assertThatThrownBy(() -> GitSshCommandLine.parse("git-receive-pack"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("git-receive-pack needs a repository path");
    }
}
