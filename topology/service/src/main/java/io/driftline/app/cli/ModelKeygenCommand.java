package io.driftline.app.cli;

import io.driftline.models.bundle.SigningKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline model keygen}: a new ECDSA P-256 key pair for signing bundles, as PEM files. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Write a new ECDSA P-256 key pair for signing bundles: <name>.pem (PKCS#8 private key, readable"
                + " by you alone; give it to model publish --sign) and <name>.pub.pem (public key; list it in the"
                + " instances' models.trusted.keys). The same files openssl makes.",
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:written", "1:a file exists or cannot be written",
            "2:usage error"})
final class ModelKeygenCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "Directory to write the key files into (created if needed).")
    Path out;

    @Option(names = "--name", defaultValue = "bundle-signing",
            description = "File name stem of the key files (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path privateFile = out.resolve(name + ".pem");
        Path publicFile = out.resolve(name + ".pub.pem");
        KeyPair keys = SigningKeys.generate();
        try {
            Files.createDirectories(out);
            if (Files.exists(publicFile)) {
                throw new FileAlreadyExistsException(publicFile.toString());
            }
            writePrivate(privateFile, SigningKeys.privatePem(keys));
            Files.writeString(publicFile, SigningKeys.publicPem(keys.getPublic()), StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            err.println("Not written: " + e.getFile() + " exists; keygen never replaces a key (pick another --name)");
            return 1;
        } catch (IOException e) {
            err.println("Not written: " + e);
            return 1;
        }
        stdout.printf("Key id %s%n  private key %s (keep it secret: model publish --sign %s)%n"
                + "  public key  %s (trust it: models.trusted.keys=%s)%n", SigningKeys.keyId(keys.getPublic()),
                privateFile, privateFile, publicFile, publicFile);
        return 0;
    }

    /** Creates the file readable by its owner alone before a byte of the key is in it. */
    private static void writePrivate(Path file, String pem) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system: its own access control applies
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }
}
