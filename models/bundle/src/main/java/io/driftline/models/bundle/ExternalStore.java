package io.driftline.models.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes ONNX models that are too large to travel inline to a directory, named by model, version and hash. */
final class ExternalStore {

    private ExternalStore() {
    }

    /** Stores the bytes (once per content) and returns their file: URI. */
    static String write(byte[] bytes, String sha256, String model, String version, long limit, Path dir)
            throws BundleException {
        if (dir == null) {
            throw new BundleException(BundleException.Reason.TOO_LARGE, "ONNX model for " + model + " v" + version
                    + " is " + bytes.length + " bytes, over the inline limit of " + limit
                    + "; give an external directory with inlineLimitBytes(limit, dir)");
        }
        Path target = dir.toAbsolutePath().resolve(safe(model) + "-" + safe(version) + "-" + sha256.substring(0, 16) + ".onnx");
        try {
            Files.createDirectories(target.getParent());
            if (!Files.exists(target) || Files.size(target) != bytes.length) {
                // Write then rename, so that a loader never reads a half-written model.
                Path tmp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new BundleException(BundleException.Reason.STORAGE_FAILED,
                    "cannot write ONNX model to " + target + ": " + e.getMessage(), e);
        }
        return target.toUri().toString();
    }

    /** Keeps names file-system safe: letters, digits, '.', '_' and '-'; anything else becomes '_'. */
    private static String safe(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' ? c : '_');
        }
        return out.toString();
    }
}
