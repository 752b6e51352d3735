package health.pipeline.ingestion.intake;

import java.util.Set;
import java.util.regex.Pattern;

import health.pipeline.model.pseudonym.Pseudonymizer;

/**
 * Opaque references to landed files. Upstream systems name files after patients
 * ({@code ward7/Halloran_Bridget_MRN-40917733_admit.json}), so every landing key is PHI
 * (docs/adr/0070-landing-keys-are-phi.md): events, audit entries, logs and pipeline-generated object keys name a
 * landed file only by these references. They are HMACs under the project's pseudonymisation secret, each in a domain
 * of its own, so they are stable across instances and runs (operations can group and correlate by them) and, unlike a
 * plain SHA-256 of a key whose shape is known, cannot be confirmed by hashing a guessed name and MRN.
 */
public final class LandingReferences {
    /** What a top-level file (no folder) is recorded under. */
    static final String NO_SOURCE = "unknown";
    /**
     * A folder kept as it is when no list of sources is configured: a lower-case code such as {@code ward7},
     * {@code fac-north} or {@code edge-cases}, without a run of five digits (an MRN). Upper case, underscores and
     * dots, which file names built from patient names use, do not pass.
     */
    private static final Pattern SOURCE_CODE = Pattern.compile("(?!.*[0-9]{5})[a-z][a-z0-9]{0,15}(-[a-z0-9]{1,15}){0,3}");

    private final Pseudonymizer pseudonymizer;
    private final Set<String> knownSources;

    /**
     * @param knownSources the upstream folders that are source codes; empty to accept any folder matching the
     *                     source-code pattern. Any other folder is replaced by its reference.
     */
    public LandingReferences(Pseudonymizer pseudonymizer, Set<String> knownSources) {
        this.pseudonymizer = pseudonymizer;
        this.knownSources = Set.copyOf(knownSources);
    }

    /** The file, whatever its version: {@code l-} and 24 hex digits. */
    public String file(String bucket, String key) {
        return pseudonymizer.pseudonym("landing-key", bucket + "/" + key);
    }

    /**
     * One version of a landed file: the S3 version id when the bucket is versioned, and the ETag (which tells apart
     * two contents put under the same key of an unversioned bucket).
     */
    public String version(ObjectCreated object) {
        return pseudonymizer.pseudonym("landing-version", object.bucket() + "/" + object.key() + "\u0000"
                + (object.versionId() == null ? "" : object.versionId()) + "\u0000" + object.etag());
    }

    /**
     * The upstream source: the first folder of the key when it is a source code, {@value #NO_SOURCE} without a
     * folder, else the folder's reference ({@code s-} and 24 hex digits), which still groups one folder's files.
     */
    public String source(String key) {
        int slash = key.indexOf('/');
        if (slash <= 0) {
            return NO_SOURCE;
        }
        String folder = key.substring(0, slash);
        boolean code = knownSources.isEmpty() ? SOURCE_CODE.matcher(folder).matches() : knownSources.contains(folder);
        return code ? folder : pseudonymizer.pseudonym("source", folder);
    }
}
