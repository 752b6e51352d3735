/**
 * The canonical patient record: what every function downstream of ingestion reads, whatever the upstream format.
 *
 * <p>A canonical record is <b>one FHIR R4 {@code Bundle} of {@code type: collection}</b>, serialised as UTF-8 JSON and
 * stored envelope-encrypted in the raw zone ({@code records/<source>/<file ingest id>/<n>.fhir.json.enc}; encryption
 * context {@code bucket}, {@code key}, {@code source}). It holds:
 * <ul>
 * <li>exactly <b>one {@code Patient}</b>, always the first entry;</li>
 * <li>the resources of the same upload that reference that Patient ({@code Encounter}, {@code Observation},
 * {@code Condition}, ...), and the non-patient resources those reference (practitioners, organisations, locations)
 * when the upload holds them;</li>
 * <li>references that resolve inside the record: {@code urn:uuid:} references by {@code fullUrl}, {@code Type/id}
 * references by resource type and id. References that point outside the upload by design (conditional
 * {@code Type?identifier=...}, contained {@code #id}, absolute URLs) are kept as they are.</li>
 * </ul>
 *
 * <p>How each upstream format becomes canonical records (functions/ingestion):
 * <table>
 * <caption>Sources of canonical records</caption>
 * <tr><th>upstream</th><th>records</th></tr>
 * <tr><td>FHIR R4 JSON Bundle (transaction, batch, collection, document, searchset)</td><td>one per Patient entry,
 * split by {@link health.pipeline.model.fhir.PatientRecords#split}; original {@code fullUrl}s kept</td></tr>
 * <tr><td>FHIR Bulk Data NDJSON (plain or gzip)</td><td>one per Patient id per chunk of lines (bounded memory: a
 * patient whose lines span chunks gets one record per chunk). When the Patient line is not in the chunk (Bulk Data
 * writes one file per resource type), the record's Patient holds only {@code id}. No {@code fullUrl}s: NDJSON
 * references are {@code Type/id}. The record's {@code Bundle.identifier} (system
 * {@link health.pipeline.model.fhir.PatientRecords#PATIENT_KEY_SYSTEM}, value {@code <source>|Patient/<id>}) names
 * the patient the same way in every file, with or without its Patient line</td></tr>
 * <tr><td>HL7 v2.3 to 2.5.1 ADT A01/A04/A08, ORU R01</td><td>one per message: Patient from PID, Encounter from PV1,
 * Observation per OBX (LOINC when the coding system is {@code LN}), NTE as Observation notes; {@code urn:uuid:} ids
 * derived from the message bytes</td></tr>
 * </table>
 *
 * <p>Records are validated before they are written (known R4 resource types, required elements, FHIR date formats,
 * plausible UCUM units for vital signs, Bundle-local references resolvable). A record carries PHI: it is only ever
 * read through {@link health.pipeline.model.crypto.EnvelopeCipher#open}.
 */
package health.pipeline.model.record;
