package io.tiergate.audit.checkpoint;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A signed statement "the audit chain had {@code seq} events and its head hash was {@code headHash}
 * at {@code time}, seen by {@code instance}". Written as one line of text so that it can be kept in
 * an append-only file, a bucket object or a webhook body, and checked with {@code openssl}:
 *
 * <pre>tiergate-checkpoint-v1 SEQ HEAD_HASH TIME INSTANCE SIGNATURE</pre>
 *
 * The signature (Ed25519, base64) covers everything before the last space. Several gateway
 * instances sign checkpoints of the one chain, each under its own instance name.
 */
public record Checkpoint(long seq, String headHash, Instant time, String instance, String signature) {

    /** The format tag, first word of every line. */
    public static final String VERSION = "tiergate-checkpoint-v1";

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    /** Instance names: one word, safe in a line of text and in a shell script. */
    static final Pattern WORD = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    public Checkpoint {
        if (seq < 0 || !HASH.matcher(headHash).matches() || !WORD.matcher(instance).matches()
                || (signature != null && !BASE64.matcher(signature).matches())) {
            throw new IllegalArgumentException("not a valid checkpoint");
        }
    }

    /** The text the signature covers. */
    public String signedText() {
        return VERSION + " " + seq + " " + headHash + " " + time + " " + instance;
    }

    /** The line as it is published. */
    public String line() {
        return signedText() + " " + signature;
    }

    /** Signs a checkpoint of the chain head {@code seq}, {@code headHash}. */
    public static Checkpoint sign(long seq, String headHash, Instant time, String instance, PrivateKey key)
            throws GeneralSecurityException {
        Checkpoint unsigned = new Checkpoint(seq, headHash, time, instance, null);
        return new Checkpoint(seq, headHash, time, instance, CheckpointKeys.sign(key, unsigned.signedText()));
    }

    /** Whether the signature is {@code key}'s. */
    public boolean signedBy(PublicKey key) {
        return signature != null && CheckpointKeys.verify(key, signedText(), signature);
    }

    /** Reads a published line; throws {@link IllegalArgumentException} when it is not one. */
    public static Checkpoint parse(String line) {
        String[] w = line.strip().split(" ");
        if (w.length != 6 || !VERSION.equals(w[0])) {
            throw new IllegalArgumentException("not a " + VERSION + " line");
        }
        try {
            return new Checkpoint(Long.parseLong(w[1]), w[2], Instant.parse(w[3]), w[4], w[5]);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a valid checkpoint", e);
        }
    }
}
