package io.shiplog.dev;

import io.shiplog.dev.data.DataDir;
import io.shiplog.dev.demo.DemoState;
import io.shiplog.local.oci.ImagePusher;
import io.shiplog.local.oci.PushedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code shiplog dev push IMAGE:TAG}: pushes a new image to the running demo's registry, as CI would. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Push a new image (a small generated one) to the demo's container registry, as CI would after a "
                + "build: the running demo releases it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:pushed", "1:the push failed (the reason is printed)", "2:usage error"})
public final class DevPushCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE:TAG", description = "e.g. 127.0.0.1:5050/demo/app:1.2.0 (the registry host may "
            + "be left out: demo/app:1.2.0)")
    String image;

    @Option(names = "--data-dir", defaultValue = "shiplog-dev",
            description = "The data directory of the running demo. Default ./${DEFAULT-VALUE}.")
    Path dataDir;

    @Override
    public Integer call() {
        Path stateFile = DataDir.of(java.util.Optional.of(dataDir)).demoState();
        if (!Files.exists(stateFile)) {
            throw new ParameterException(spec.commandLine(), "no demo has run in " + dataDir.toAbsolutePath()
                    + " (start ./shiplog dev first, or pass --data-dir)");
        }
        String host = DemoState.read(stateFile).registryHost();
        int colon = image.lastIndexOf(':');
        if (colon < 0 || colon < image.lastIndexOf('/')) {
            throw new ParameterException(spec.commandLine(), "'" + image + "' has no tag: write IMAGE:TAG");
        }
        String repository = image.substring(0, colon);
        String tag = image.substring(colon + 1);
        int slash = repository.indexOf('/');
        String first = slash < 0 ? "" : repository.substring(0, slash);
        if (first.equals(host)) {
            repository = repository.substring(slash + 1);
        } else if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            throw new ParameterException(spec.commandLine(), "'" + image + "' is not in the demo registry " + host);
        }
        PushedImage pushed = ImagePusher.forRegistry(URI.create("http://" + host)).push(repository, tag);
        spec.commandLine().getOut().printf("pushed %s/%s:%s (%s)%n", host, repository, tag, pushed.digest());
        return 0;
    }
}
