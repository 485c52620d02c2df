package io.driftline.app.cli;

import io.driftline.ModelAction;
import io.driftline.ModelManifest;
import io.driftline.ModelUpdate;
import io.driftline.app.publish.BundlePublisher;
import io.driftline.app.publish.DemoModelSource;
import io.driftline.app.publish.DeployWatch;
import io.driftline.app.reference.ReferenceBuilder;
import io.driftline.app.reference.ReferenceException;
import io.driftline.models.bundle.BundleBuilder;
import io.driftline.models.bundle.BundleDigest;
import io.driftline.models.bundle.BundleException;
import io.driftline.models.bundle.BundleSigner;
import io.driftline.models.bundle.KeyFileException;
import io.driftline.models.bundle.ManifestSchema;
import io.driftline.models.bundle.ModelBundle;
import io.driftline.schemas.registry.RestSchemaRegistryClient;
import io.driftline.schemas.registry.SchemaRegistryClient;
import io.driftline.schemas.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline model publish}: builds a bundle and publishes it to the model-update topic. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a model bundle (the demo model, or your ONNX file plus manifest) to the model-update topic,"
                + " after verifying it here as an instance will.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:published (with --wait: deployed)",
            "1:invalid bundle (manifest schema, local verification): nothing sent",
            "2:usage error", "3:rejected by a running instance (--wait)",
            "4:no verdict within --wait-timeout: no instance running or reachable (--wait)"})
final class ModelPublishCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--topic", defaultValue = "model-updates", description = "Model-update topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--model", defaultValue = "fraud", description = "Model name (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--training-data-start", paramLabel = "<instant>",
            description = "Start of the time range the training data was drawn from, ISO-8601 (2026-11-01T00:00:00Z);"
                    + " recorded in the model audit trail.")
    Instant trainingDataStart;

    @Option(names = "--training-data-end", paramLabel = "<instant>",
            description = "End of that range (exclusive), ISO-8601.")
    Instant trainingDataEnd;

    @Option(names = "--actor", description = "Who publishes, as the model audit trail records it (default: the Kafka "
            + "principal when --client-config logs in with SASL, else the OS user and host, user@host).")
    String actor;

    @Option(names = "--version", required = true, description = "Version label of this bundle.")
    String version;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--demo", required = true,
                description = "Train the demo model with Tribuo (see --seed, --rows); needs the dev kit (./driftline).")
        boolean demo;

        @ArgGroup(exclusive = false)
        Files files;

        @Option(names = "--retire", required = true, description = "Retire the model: stop serving it.")
        boolean retire;
    }

    static final class Files {
        @Option(names = "--onnx", required = true, description = "ONNX model file.")
        Path onnx;

        @Option(names = "--manifest", required = true, description = "Manifest JSON: features, inputs, outputs.")
        Path manifest;

        @Option(names = "--reference", description = "Training rows (.csv, .parquet, .jsonl, .avro) to build the reference"
                + " profile (drift baseline) and golden examples from, encoded and scored as serving does.")
        Path reference;

        @Option(names = "--label-column", description = "With --reference: column of each row's true label (or value,"
                + " for regression), for the reference performance.")
        String labelColumn;

        @Option(names = "--golden-rows", defaultValue = "20",
                description = "With --reference: golden examples to take from the scored rows (default: ${DEFAULT-VALUE}).")
        int goldenRows;

        /** The bundle's reference profile and golden examples from --reference, when given. */
        BundleBuilder withReference(BundleBuilder bundle, ModelManifest parsed, CommandLine cli) throws Exception {
            if (reference == null) {
                return bundle;
            }
            ReferenceBuilder.Reference built = new ReferenceBuilder(parsed, java.nio.file.Files.readAllBytes(onnx))
                    .labelColumn(labelColumn).goldenRows(goldenRows).progress(cli.getErr()).build(reference);
            cli.getOut().printf("Reference profile from %s: %,d rows (%,d left out), %,d labelled, performance %s,"
                    + " %d golden examples%n", reference, built.rows(), built.skipped(), built.labelled(),
                    built.profile().getPerformance(), built.golden().size());
            return bundle.referenceProfile(built.profile()).goldenExamples(built.golden());
        }
    }

    @Option(names = "--seed", description = "Training seed for --demo (default: derived from the version).")
    Long seed;

    @Option(names = "--rows", defaultValue = "5000", description = "Training rows for --demo (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--shadow", description = "Deploy as a shadow challenger: scored beside the champion, not served.")
    boolean shadow;

    @Option(names = "--description", description = "What changed in this version.")
    String description;

    @Option(names = "--sign", paramLabel = "<private-key.pem>",
            description = "Sign the bundle with this ECDSA P-256 private key (PKCS#8 PEM, as driftline model keygen or"
                    + " openssl pkcs8 -topk8 -nocrypt writes it); instances with models.trusted.keys deploy only bundles"
                    + " signed by one of their trusted keys.")
    Path signingKey;

    @Option(names = "--inline-limit-bytes", defaultValue = "921600",
            description = "Above this ONNX size the bundle carries a file URI plus SHA-256 (default: ${DEFAULT-VALUE}).")
    long inlineLimit;

    @Option(names = "--external-dir", defaultValue = ".driftline/models",
            description = "Where ONNX files over the inline limit are stored (default: ${DEFAULT-VALUE}).")
    Path externalDir;

    @CommandLine.Mixin
    PublishChecks checks = new PublishChecks();

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        BundleSigner signer = null;
        if (signingKey != null) {
            try {
                signer = BundleSigner.fromPem(signingKey); // before any work: a bad key file fails at once
            } catch (KeyFileException e) {
                err.println("Cannot sign: " + e.getMessage());
                return 2;
            }
        }
        ModelUpdate update;
        if (source.retire) {
            update = ModelUpdate.newBuilder().setModel(model).setVersion(version).setAction(ModelAction.RETIRE)
                    .setPublishedAt(Instant.now()).setPublishedBy(actor()).build();
        } else {
            java.util.Optional<DemoModelSource> demoModels = source.demo ? DemoModelSource.available() : null;
            if (demoModels != null && demoModels.isEmpty()) {
                err.println(DemoModelSource.MISSING);
                return 2;
            }
            ModelBundle bundle;
            try {
                bundle = source.demo ? demoBundle(demoModels.get()) : fileBundle();
            } catch (ReferenceException e) {
                err.println("Cannot build the reference profile: " + e.getMessage());
                return 2;
            } catch (IllegalArgumentException | BundleException | java.io.IOException e) {
                err.println("Not published: " + e.getMessage());
                return PublishChecks.INVALID;
            }
            update = bundle.toUpdate();
            if (trainingDataStart != null && trainingDataEnd != null && !trainingDataStart.isBefore(trainingDataEnd)) {
                err.println("Not published: --training-data-start " + trainingDataStart
                        + " must be before --training-data-end " + trainingDataEnd);
                return 2;
            }
            update.setTrainingDataStart(trainingDataStart); // before signing: the digest covers them
            update.setTrainingDataEnd(trainingDataEnd);
        }
        if (signer != null) {
            update = signer.sign(update); // last: a field changed after this would break the signature
            out.printf("Signed with key %s: content digest %s%n", signer.keyId(), BundleDigest.hex(update));
        }
        if (!source.retire) {
            // Verified here exactly as an instance will verify it: a bundle that fails is never sent.
            Integer invalid = checks.verify(model, update, out, err);
            if (invalid != null) {
                return invalid;
            }
        }
        try (SchemaRegistryClient registry = RestSchemaRegistryClient.create(connection.serdeConfig());
             BundlePublisher publisher = new BundlePublisher(topic, connection.kafkaConfig(),
                     AvroSerdes.specific(ModelUpdate.class, registry,
                             connection.serdeConfig(), false).serializer());
             DeployWatch watch = checks.startWatch(connection, registry)) {
            RecordMetadata meta = publisher.publish(model, update);
            out.printf("Published %s v%s (%s) to %s partition %d offset %d%n", model, version,
                    update.getAction(), meta.topic(), meta.partition(), meta.offset());
            out.flush();
            if (watch != null) {
                return checks.await(watch, update, meta, out, err);
            }
        }
        return 0;
    }

    private ModelBundle demoBundle(DemoModelSource demoModels) {
        long trainingSeed = seed != null ? seed : 1_000L + version.hashCode();
        ModelBundle trained = demoModels.train(version, trainingSeed, rows);
        ModelUpdate update = trained.toUpdate();
        update.setModel(model);
        update.setAction(shadow ? ModelAction.SHADOW : ModelAction.DEPLOY);
        update.setPublishedBy(actor()); // whoever publishes it, not the demo that trained it
        if (description != null) {
            update.setDescription(description);
        }
        return rebuild(update);
    }

    private ModelBundle fileBundle() throws Exception {
        ModelManifest manifest = ManifestSchema.read(source.files.manifest); // the JSON Schema first, then the parser
        return source.files.withReference(BundleBuilder.forModel(model, version), manifest, spec.commandLine())
                .onnxFile(source.files.onnx)
                .manifest(manifest)
                .action(shadow ? ModelAction.SHADOW : ModelAction.DEPLOY)
                .description(description)
                .publishedBy(actor())
                .inlineLimitBytes(inlineLimit, externalDir.toAbsolutePath())
                .build();
    }

    private static ModelBundle rebuild(ModelUpdate update) {
        try {
            return ModelBundle.fromUpdate(update);
        } catch (Exception e) {
            throw new IllegalStateException("demo bundle is invalid: " + e.getMessage(), e);
        }
    }

    /** The publisher the bundle names: {@code --actor}, else the SASL principal, else the OS user and host. */
    String actor() {
        return connection.actor(actor);
    }
}
