package io.driftline.topology.promote;

import static org.apache.kafka.common.config.ConfigDef.Range.between;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The promotion policy's keys ({@code promotion.*}). */
public final class PromotionConfig {

    public static final String MODE = "promotion.mode";
    public static final String WINDOWS = "promotion.windows";
    public static final String MARGIN = "promotion.margin";
    public static final String ALPHA = "promotion.alpha";
    public static final String MIN_LABELLED = "promotion.min.labelled";
    public static final String MODELS = "promotion.auto.models";

    private PromotionConfig() {
    }

    /** A fresh definition of the promotion keys. */
    public static ConfigDef configDef() {
        PromotionPolicy d = PromotionPolicy.manual();
        return new ConfigDef()
                .define(MODE, Type.STRING, "manual", ConfigDef.ValidString.in("manual", "auto"), Importance.MEDIUM,
                        "manual: a challenger (shadow) serves only when promoted with driftline model promote; auto: "
                                + "also once it was no worse than its champion in promotion.windows consecutive "
                                + "windows (recorded as PROMOTED in the audit trail with the evidence).")
                .define(WINDOWS, Type.INT, d.windows(), between(1, 1_000), Importance.LOW,
                        "Consecutive non-inferior windows before an automatic promotion.")
                .define(MARGIN, Type.DOUBLE, d.margin(), between(0.0, 0.99), Importance.LOW,
                        "Non-inferiority margin in accuracy: the challenger may be this much worse and still pass.")
                .define(ALPHA, Type.DOUBLE, d.alpha(), between(0.0001, 0.5), Importance.LOW,
                        "Significance of the one-sided non-inferiority test (paired proportions) a window must pass.")
                .define(MIN_LABELLED, Type.LONG, d.minLabelled(), between(1, Long.MAX_VALUE), Importance.LOW,
                        "Labelled events both scored a window needs before it can count.")
                .define(MODELS, Type.LIST, "", Importance.MEDIUM,
                        "With promotion.mode=auto: the models promoted automatically (empty: every model); the others "
                                + "only with driftline model promote.");
    }

    /** Prefix of one model's own policy: {@code promotion.model.<name>.mode|windows|margin|alpha|minLabelled}. */
    public static final String MODEL_PREFIX = "promotion.model.";

    /**
     * The policy a parsed configuration that defines {@link #configDef()}'s keys holds, with each model's own
     * overrides ({@value #MODEL_PREFIX}{@code <name>.<field>}; a model's unset fields take the common ones).
     *
     * @throws org.apache.kafka.common.config.ConfigException for an unknown field or a bad value, at start-up
     */
    public static PromotionPolicy from(AbstractConfig config) {
        PromotionPolicy common = new PromotionPolicy("auto".equals(config.getString(MODE)), config.getInt(WINDOWS),
                config.getDouble(MARGIN), config.getDouble(ALPHA), config.getLong(MIN_LABELLED),
                java.util.Set.copyOf(config.getList(MODELS)));
        java.util.Map<String, java.util.Map<String, String>> fields = new java.util.TreeMap<>();
        config.originalsWithPrefix(MODEL_PREFIX, true).forEach((key, value) -> {
            int dot = key.lastIndexOf('.');
            if (dot <= 0) {
                throw new org.apache.kafka.common.config.ConfigException(MODEL_PREFIX + key, value,
                        "expected " + MODEL_PREFIX + "<model>.<mode|windows|margin|alpha|minLabelled>");
            }
            fields.computeIfAbsent(key.substring(0, dot), m -> new java.util.HashMap<>())
                    .put(key.substring(dot + 1), String.valueOf(value));
        });
        java.util.Map<String, PromotionPolicy> perModel = new java.util.HashMap<>();
        fields.forEach((model, f) -> {
            try {
                for (String name : f.keySet()) {
                    if (!java.util.Set.of("mode", "windows", "margin", "alpha", "minLabelled").contains(name)) {
                        throw new IllegalArgumentException("unknown field " + name);
                    }
                }
                String mode = f.getOrDefault("mode", common.auto() ? "auto" : "manual");
                if (!mode.equals("auto") && !mode.equals("manual")) {
                    throw new IllegalArgumentException("mode must be auto or manual: " + mode);
                }
                perModel.put(model, new PromotionPolicy(mode.equals("auto"),
                        f.containsKey("windows") ? Integer.parseInt(f.get("windows")) : common.windows(),
                        f.containsKey("margin") ? Double.parseDouble(f.get("margin")) : common.margin(),
                        f.containsKey("alpha") ? Double.parseDouble(f.get("alpha")) : common.alpha(),
                        f.containsKey("minLabelled") ? Long.parseLong(f.get("minLabelled")) : common.minLabelled()));
            } catch (IllegalArgumentException e) {
                throw new org.apache.kafka.common.config.ConfigException(MODEL_PREFIX + model + ".*", f,
                        e.getMessage());
            }
        });
        return new PromotionPolicy(common.auto(), common.windows(), common.margin(), common.alpha(),
                common.minLabelled(), common.models(), perModel);
    }
}
