package health.pipeline.audit.api.http;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import health.pipeline.audit.api.query.AuditQueries;
import health.pipeline.audit.api.verify.TrustedSigningKey;
import health.pipeline.audit.store.archive.ArchiveReader;
import health.pipeline.audit.store.proof.TrailProofs;
import health.pipeline.audit.store.verify.TrailReport;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.model.audit.CheckpointSignatures;
import health.pipeline.model.pseudonym.Pseudonymizer;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The audit trail's HTTP API. Every answer is audited in the trail before it is sent ({@link QueryAuditing});
 * refusals are audited by {@link RefusalAuditing}. Parameters that would name a patient take pseudonyms only.
 */
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private static final Logger LOG = Logger.getLogger(AuditResource.class);
    static final String AUDITOR = "auditor";
    static final String PRIVACY_OFFICER = "privacy-officer";
    private static final Pattern REFERENCE = Pattern.compile("^[A-Za-z0-9._:@/+=-]{1,1024}$");

    @Inject
    DataSource dataSource;
    @Inject
    SecurityIdentity identity;
    @Inject
    QueryAuditing auditing;
    @Inject
    TrustedSigningKey signingKey;
    @Inject
    ArchiveReader archive;

    /** The accounting of disclosures for one patient pseudonym (45 CFR 164.528). */
    @GET
    @Path("/disclosures")
    @RolesAllowed(PRIVACY_OFFICER)
    public Response disclosures(@QueryParam("patient") String patient, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("50") int limit) throws SQLException {
        String query = "disclosures";
        if (!Pseudonymizer.isPatientPseudonym(patient)) {
            return auditing.refuse(identity, query, null, "patient must be a pseudonym");
        }
        Instant fromTime = instant(from);
        Instant toTime = instant(to);
        if (fromTime == INVALID || toTime == INVALID) {
            return auditing.refuse(identity, query, patient, "from and to must be ISO-8601 instants");
        }
        try (Connection connection = dataSource.getConnection()) {
            var page = AuditQueries.disclosures(connection, patient, fromTime, toTime, after, limit);
            return auditing.answer(connection, identity, query, patient, page);
        }
    }

    /** Access history by actor, by object (bucket and key), by patient pseudonym and by time range. */
    @GET
    @Path("/entries")
    @RolesAllowed({ AUDITOR, PRIVACY_OFFICER })
    public Response entries(@QueryParam("actor") String actor, @QueryParam("patient") String patient,
            @QueryParam("bucket") String bucket, @QueryParam("key") String key, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("50") int limit) throws SQLException {
        String query = "entries";
        if (patient != null && !Pseudonymizer.isPatientPseudonym(patient)) {
            return auditing.refuse(identity, query, null, "patient must be a pseudonym");
        }
        if ((actor != null && !REFERENCE.matcher(actor).matches()) || (bucket == null) != (key == null)
                || (bucket != null && !(REFERENCE.matcher(bucket).matches() && REFERENCE.matcher(key).matches()))) {
            return auditing.refuse(identity, query, patient, "actor, bucket and key must be references;"
                    + " bucket and key go together");
        }
        Instant fromTime = instant(from);
        Instant toTime = instant(to);
        if (fromTime == INVALID || toTime == INVALID) {
            return auditing.refuse(identity, query, patient, "from and to must be ISO-8601 instants");
        }
        try (Connection connection = dataSource.getConnection()) {
            var page = AuditQueries.accesses(connection,
                    new AuditQueries.Filter(actor, patient, bucket, key, fromTime, toTime), after, limit);
            return auditing.answer(connection, identity, query, patient, page);
        }
    }

    /**
     * Recomputes the whole trail against the audit archive (signed checkpoints and retention segments in S3) and the
     * signing key's public half from KMS or a pinned file, never a key stored in the database it verifies; 200 when it
     * holds, 409 naming the first bad entry or checkpoint when it does not, 503 when the key or archive is unavailable.
     */
    @GET
    @Path("/verification")
    @RolesAllowed(AUDITOR)
    public Response verification() throws SQLException {
        String query = "verification";
        TrailReport report;
        try (Connection connection = dataSource.getConnection()) {
            try {
                report = TrailVerifier.trusting(signingKey.publicKey(), archive).verify(connection);
            } catch (TrustedSigningKey.Unavailable | IOException e) {
                LOG.errorf("verification could not run: %s", e.getMessage());
                return auditing.unavailable(identity, query, "verification needs the trusted signing key and the"
                        + " audit archive; one of them is unavailable");
            }
            Response response = auditing.answer(connection, identity, query, null, report.toJson());
            return report.valid() ? response : Response.status(Response.Status.CONFLICT)
                    .entity(response.getEntity()).build();
        }
    }

    /** RFC 6962 inclusion proof of one entry in the tree of {@code treeSize} entries (a checkpoint's size). */
    @GET
    @Path("/proofs/inclusion")
    @RolesAllowed(AUDITOR)
    public Response inclusion(@QueryParam("sequence") long sequence, @QueryParam("treeSize") long treeSize)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try {
                return auditing.answer(connection, identity, "inclusion-proof", null,
                        TrailProofs.inclusion(connection, sequence, treeSize));
            } catch (IllegalArgumentException e) {
                return auditing.refuse(identity, "inclusion-proof", null, e.getMessage());
            }
        }
    }

    /** RFC 6962 consistency proof between two tree sizes (two checkpoints). */
    @GET
    @Path("/proofs/consistency")
    @RolesAllowed(AUDITOR)
    public Response consistency(@QueryParam("from") long fromSize, @QueryParam("to") long toSize)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try {
                return auditing.answer(connection, identity, "consistency-proof", null,
                        TrailProofs.consistency(connection, fromSize, toSize));
            } catch (IllegalArgumentException e) {
                return auditing.refuse(identity, "consistency-proof", null, e.getMessage());
            }
        }
    }

    private static final Instant INVALID = Instant.MIN;

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return INVALID;
        }
    }
}
