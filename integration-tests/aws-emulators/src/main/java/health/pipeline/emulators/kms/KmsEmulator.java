package health.pipeline.emulators.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import health.pipeline.emulators.RegionalEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An in-JVM emulator of AWS KMS, spoken to over HTTP with the AWS JSON 1.1 protocol
 * ({@code POST /}, {@code X-Amz-Target: TrentService.<Operation>}), so the real AWS SDK client reaches it through
 * {@code endpointOverride(emulator.endpoint())}.
 *
 * <p>Symmetric keys encrypt with AES-256-GCM under their own key material, binding the encryption context as
 * additional authenticated data; ECC keys sign with ECDSA. See the module README for what is covered and how this
 * differs from AWS.
 */
public final class KmsEmulator extends RegionalEmulator {

    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String TARGET_PREFIX = "TrentService.";
    private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
    private static final String ENCRYPT_DECRYPT = "ENCRYPT_DECRYPT";
    private static final String SIGN_VERIFY = "SIGN_VERIFY";
    private static final int MAX_PLAINTEXT = 4096;
    private static final int MAX_RAW_MESSAGE = 4096;
    private static final Pattern ALIAS_NAME = Pattern.compile("^alias/[a-zA-Z0-9/_-]{1,250}$");
    private static final Set<String> ENCRYPTION_ALGORITHMS =
            Set.of(SYMMETRIC_DEFAULT, "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE");
    private static final Set<String> KEY_USAGES =
            Set.of(ENCRYPT_DECRYPT, SIGN_VERIFY, "GENERATE_VERIFY_MAC", "KEY_AGREEMENT");

    @FunctionalInterface
    private interface Operation {
        ObjectNode apply(JsonNode request) throws GeneralSecurityException;
    }

    private record Alias(String name, String targetKeyId, Instant created, Instant lastUpdated) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Operation> operations = new HashMap<>();
    private final Map<String, KmsKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Alias> aliases = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private final AtomicLong requestCount = new AtomicLong();

    private KmsEmulator(int port, String region) throws IOException {
        super(region);
        registerOperations();
        serve("kms-emulator", port, this::handle);
    }

    /** Starts an emulator for region {@value #DEFAULT_REGION} on the loopback interface; port 0 picks a free port. */
    public static KmsEmulator start(int port) {
        return start(port, DEFAULT_REGION);
    }

    /** Starts an emulator whose key ARNs name {@code region}, on the loopback interface; port 0 picks a free port. */
    public static KmsEmulator start(int port, String region) {
        try {
            return new KmsEmulator(port, region);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the KMS emulator on port " + port, e);
        }
    }

    /**
     * Test hook for outages: the next {@code n} requests, whatever they are, are answered with HTTP 500
     * {@code KMSInternalException}. Note that the SDK retries 500s by default (3 attempts in standard mode).
     */
    public void failNextRequests(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative");
        }
        failuresToInject.set(n);
    }

    /** How many HTTP requests reached the emulator, including injected failures (for asserting SDK retries). */
    public long requestCount() {
        return requestCount.get();
    }

    // ---------------------------------------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requestCount.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            ObjectNode response;
            int status = 200;
            try {
                if (injectFailure()) {
                    throw new KmsFault(500, "KMSInternalException",
                            "The request was rejected because an internal exception occurred (injected by failNextRequests).");
                }
                response = dispatch(exchange, body);
            } catch (KmsFault fault) {
                status = fault.status();
                response = error(fault.code(), fault.getMessage());
            } catch (GeneralSecurityException | RuntimeException e) {
                status = 500;
                response = error("KMSInternalException", "KMS emulator failure: " + e);
            }
            byte[] bytes = json.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private boolean injectFailure() {
        return failuresToInject.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private ObjectNode dispatch(HttpExchange exchange, byte[] body) throws GeneralSecurityException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new KmsFault(400, "UnknownOperationException",
                    "Expected POST / with header X-Amz-Target: TrentService.<Operation>, got "
                            + exchange.getRequestMethod() + " with target " + target);
        }
        String name = target.substring(TARGET_PREFIX.length());
        Operation operation = operations.get(name);
        if (operation == null) {
            throw KmsFault.unsupported("Operation " + name + " is not supported by the KMS emulator (supported: "
                    + new TreeMap<>(operations).keySet() + ").");
        }
        JsonNode request;
        try {
            request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            throw new KmsFault(400, "SerializationException", "Request body is not valid JSON: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            throw new KmsFault(400, "SerializationException", "Request body must be a JSON object");
        }
        return operation.apply(request);
    }

    private ObjectNode error(String code, String message) {
        ObjectNode node = json.createObjectNode();
        node.put("__type", code);
        node.put("message", message);
        return node;
    }

    private void registerOperations() {
        operations.put("CreateKey", this::createKey);
        operations.put("DescribeKey", this::describeKey);
        operations.put("ListKeys", this::listKeys);
        operations.put("EnableKey", this::enableKey);
        operations.put("DisableKey", this::disableKey);
        operations.put("ScheduleKeyDeletion", this::scheduleKeyDeletion);
        operations.put("CancelKeyDeletion", this::cancelKeyDeletion);
        operations.put("CreateAlias", this::createAlias);
        operations.put("UpdateAlias", this::updateAlias);
        operations.put("DeleteAlias", this::deleteAlias);
        operations.put("ListAliases", this::listAliases);
        operations.put("EnableKeyRotation", this::enableKeyRotation);
        operations.put("DisableKeyRotation", this::disableKeyRotation);
        operations.put("GetKeyRotationStatus", this::getKeyRotationStatus);
        operations.put("Encrypt", this::encrypt);
        operations.put("Decrypt", this::decrypt);
        operations.put("GenerateDataKey", r -> generateDataKey(r, true));
        operations.put("GenerateDataKeyWithoutPlaintext", r -> generateDataKey(r, false));
        operations.put("GenerateRandom", this::generateRandom);
        operations.put("Sign", this::sign);
        operations.put("Verify", this::verify);
        operations.put("GetPublicKey", this::getPublicKey);
    }

    // ---------------------------------------------------------------------------------------------- keys

    private ObjectNode createKey(JsonNode request) throws GeneralSecurityException {
        String keySpecName = text(request, "KeySpec");
        String legacySpecName = text(request, "CustomerMasterKeySpec");
        if (keySpecName != null && legacySpecName != null) {
            throw KmsFault.validation("You cannot specify KeySpec and CustomerMasterKeySpec in the same request.");
        }
        String specName = keySpecName != null ? keySpecName : legacySpecName != null ? legacySpecName : SYMMETRIC_DEFAULT;
        KmsKey.Spec spec;
        try {
            spec = KmsKey.Spec.valueOf(specName);
        } catch (IllegalArgumentException e) {
            throw KmsFault.unsupported("KeySpec " + specName + " is not supported by the KMS emulator (supported: "
                    + List.of(KmsKey.Spec.values()) + ").");
        }
        String usage = text(request, "KeyUsage");
        if (usage == null) {
            usage = ENCRYPT_DECRYPT;
        } else if (!KEY_USAGES.contains(usage)) {
            throw KmsFault.validation("1 validation error detected: Value '" + usage
                    + "' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: " + KEY_USAGES);
        }
        String compatibleUsage = spec.symmetric() ? ENCRYPT_DECRYPT : SIGN_VERIFY;
        if ("KEY_AGREEMENT".equals(usage) && !spec.symmetric()) {
            throw KmsFault.unsupported("KeyUsage KEY_AGREEMENT is not supported by the KMS emulator.");
        }
        if (!compatibleUsage.equals(usage)) {
            throw KmsFault.validation("KeyUsage " + usage + " is not compatible with KeySpec " + specName + ".");
        }
        String origin = text(request, "Origin");
        if (origin != null && !"AWS_KMS".equals(origin)) {
            throw KmsFault.unsupported("Origin " + origin + " is not supported by the KMS emulator (only AWS_KMS).");
        }
        if (bool(request, "MultiRegion")) {
            throw KmsFault.unsupported("Multi-Region keys are not supported by the KMS emulator.");
        }
        if (text(request, "CustomKeyStoreId") != null || text(request, "XksKeyId") != null) {
            throw KmsFault.unsupported("Custom key stores are not supported by the KMS emulator.");
        }
        String description = text(request, "Description");
        if (description != null && description.length() > 8192) {
            throw KmsFault.validation("Description must be at most 8192 characters.");
        }
        UUID uuid = UUID.randomUUID();
        String arn = keyArn(uuid.toString());
        KmsKey key;
        if (spec.symmetric()) {
            byte[] material = new byte[32];
            random.nextBytes(material);
            key = new KmsKey(uuid, arn, spec, usage, description == null ? "" : description, Instant.now(),
                    new SecretKeySpec(material, "AES"), null);
        } else {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(spec.curve), random);
            KeyPair pair = generator.generateKeyPair();
            key = new KmsKey(uuid, arn, spec, usage, description == null ? "" : description, Instant.now(), null, pair);
        }
        keys.put(key.id, key);
        ObjectNode response = json.createObjectNode();
        response.set("KeyMetadata", metadata(key));
        return response;
    }

    private ObjectNode describeKey(JsonNode request) {
        KmsKey key = resolveKey(text(request, "KeyId"), "keyId");
        ObjectNode response = json.createObjectNode();
        response.set("KeyMetadata", metadata(key));
        return response;
    }

    private ObjectNode listKeys(JsonNode request) {
        List<KmsKey> all = new ArrayList<>(keys.values());
        all.sort(Comparator.comparing((KmsKey k) -> k.created).thenComparing(k -> k.id));
        ObjectNode response = json.createObjectNode();
        ArrayNode page = response.putArray("Keys");
        int from = marker(request);
        int limit = limit(request, 100, 1000);
        for (int i = from; i < Math.min(all.size(), from + limit); i++) {
            page.addObject().put("KeyId", all.get(i).id).put("KeyArn", all.get(i).arn);
        }
        paginate(response, from + limit, all.size());
        return response;
    }

    private ObjectNode enableKey(JsonNode request) {
        KmsKey key = resolveKey(text(request, "KeyId"), "keyId");
        synchronized (lock) {
            key.requireNotPendingDeletion();
            key.state = KmsKey.ENABLED;
        }
        return json.createObjectNode();
    }

    private ObjectNode disableKey(JsonNode request) {
        KmsKey key = resolveKey(text(request, "KeyId"), "keyId");
        synchronized (lock) {
            key.requireNotPendingDeletion();
            key.state = KmsKey.DISABLED;
        }
        return json.createObjectNode();
    }

    private ObjectNode scheduleKeyDeletion(JsonNode request) {
        KmsKey key = resolveKey(text(request, "KeyId"), "keyId");
        Integer window = integer(request, "PendingWindowInDays");
        int days = window == null ? 30 : window;
        if (days < 7 || days > 30) {
            throw KmsFault.validation("PendingWindowInDays must be between 7 and 30.");
        }
        synchronized (lock) {
            key.requireNotPendingDeletion();
            key.state = KmsKey.PENDING_DELETION;
            key.pendingWindowInDays = days;
            key.deletionDate = Instant.now().plus(Duration.ofDays(days));
        }
        ObjectNode response = json.createObjectNode();
        response.put("KeyId", key.arn);
        response.put("DeletionDate", epochSeconds(key.deletionDate));
        response.put("KeyState", KmsKey.PENDING_DELETION);
        response.put("PendingWindowInDays", days);
        return response;
    }

    private ObjectNode cancelKeyDeletion(JsonNode request) {
        KmsKey key = resolveKey(text(request, "KeyId"), "keyId");
        synchronized (lock) {
            if (!KmsKey.PENDING_DELETION.equals(key.state)) {
                throw KmsFault.invalidState(key.arn + " is not pending deletion.");
            }
            key.state = KmsKey.DISABLED;
            key.deletionDate = null;
        }
        ObjectNode response = json.createObjectNode();
        response.put("KeyId", key.arn);
        return response;
    }

    // ---------------------------------------------------------------------------------------------- aliases

    private ObjectNode createAlias(JsonNode request) {
        String name = aliasName(request);
        KmsKey target = targetKey(request);
        synchronized (lock) {
            if (aliases.containsKey(name)) {
                throw new KmsFault(400, "AlreadyExistsException",
                        "An alias with the name " + aliasArn(name) + " already exists");
            }
            Instant now = Instant.now();
            aliases.put(name, new Alias(name, target.id, now, now));
        }
        return json.createObjectNode();
    }

    private ObjectNode updateAlias(JsonNode request) {
        String name = aliasName(request);
        KmsKey target = targetKey(request);
        synchronized (lock) {
            Alias alias = aliases.get(name);
            if (alias == null) {
                throw KmsFault.notFound("Alias " + aliasArn(name) + " is not found.");
            }
            aliases.put(name, new Alias(name, target.id, alias.created(), Instant.now()));
        }
        return json.createObjectNode();
    }

    private ObjectNode deleteAlias(JsonNode request) {
        String name = aliasName(request);
        if (aliases.remove(name) == null) {
            throw KmsFault.notFound("Alias " + aliasArn(name) + " is not found.");
        }
        return json.createObjectNode();
    }

    private ObjectNode listAliases(JsonNode request) {
        String keyFilter = text(request, "KeyId");
        String targetId = keyFilter == null ? null : resolveKeyIdOrArn(keyFilter, "keyId").id;
        List<Alias> all = aliases.values().stream()
                .filter(a -> targetId == null || a.targetKeyId().equals(targetId))
                .sorted(Comparator.comparing(Alias::name))
                .toList();
        ObjectNode response = json.createObjectNode();
        ArrayNode page = response.putArray("Aliases");
        int from = marker(request);
        int limit = limit(request, 50, 100);
        for (int i = from; i < Math.min(all.size(), from + limit); i++) {
            Alias alias = all.get(i);
            page.addObject()
                    .put("AliasName", alias.name())
                    .put("AliasArn", aliasArn(alias.name()))
                    .put("TargetKeyId", alias.targetKeyId())
                    .put("CreationDate", epochSeconds(alias.created()))
                    .put("LastUpdatedDate", epochSeconds(alias.lastUpdated()));
        }
        paginate(response, from + limit, all.size());
        return response;
    }

    private String aliasName(JsonNode request) {
        String name = text(request, "AliasName");
        if (name == null) {
            throw KmsFault.missing("aliasName");
        }
        if (name.startsWith("alias/aws/")) {
            throw new KmsFault(400, "NotAuthorizedException", "Alias names that begin with alias/aws/ are reserved.");
        }
        if (!ALIAS_NAME.matcher(name).matches()) {
            throw KmsFault.validation("1 validation error detected: Value '" + name
                    + "' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "^alias/[a-zA-Z0-9/_-]+$");
        }
        return name;
    }

    private KmsKey targetKey(JsonNode request) {
        String target = text(request, "TargetKeyId");
        if (target == null) {
            throw KmsFault.missing("targetKeyId");
        }
        KmsKey key = resolveKeyIdOrArn(target, "targetKeyId");
        key.requireNotPendingDeletion();
        return key;
    }

    // ---------------------------------------------------------------------------------------------- rotation

    private ObjectNode enableKeyRotation(JsonNode request) {
        KmsKey key = resolveKeyIdOrArn(text(request, "KeyId"), "keyId");
        requireSymmetricForRotation(key);
        Integer period = integer(request, "RotationPeriodInDays");
        int days = period == null ? 365 : period;
        if (days < 90 || days > 2560) {
            throw KmsFault.validation("RotationPeriodInDays must be between 90 and 2560.");
        }
        synchronized (lock) {
            key.requireUsable();
            key.rotationEnabled = true;
            key.rotationPeriodInDays = days;
            key.nextRotationDate = Instant.now().plus(Duration.ofDays(days));
        }
        return json.createObjectNode();
    }

    private ObjectNode disableKeyRotation(JsonNode request) {
        KmsKey key = resolveKeyIdOrArn(text(request, "KeyId"), "keyId");
        requireSymmetricForRotation(key);
        synchronized (lock) {
            key.requireUsable();
            key.rotationEnabled = false;
            key.nextRotationDate = null;
        }
        return json.createObjectNode();
    }

    private ObjectNode getKeyRotationStatus(JsonNode request) {
        KmsKey key = resolveKeyIdOrArn(text(request, "KeyId"), "keyId");
        requireSymmetricForRotation(key);
        key.requireNotPendingDeletion();
        ObjectNode response = json.createObjectNode();
        response.put("KeyId", key.id);
        response.put("KeyRotationEnabled", key.rotationEnabled);
        if (key.rotationEnabled) {
            response.put("RotationPeriodInDays", key.rotationPeriodInDays);
            response.put("NextRotationDate", epochSeconds(key.nextRotationDate));
        }
        return response;
    }

    private static void requireSymmetricForRotation(KmsKey key) {
        if (!key.spec.symmetric()) {
            throw KmsFault.unsupported("Automatic key rotation is not supported for " + key.spec + " key " + key.arn + ".");
        }
    }

    // ---------------------------------------------------------------------------------------------- symmetric crypto

    private ObjectNode encrypt(JsonNode request) throws GeneralSecurityException {
        KmsKey key = resolveKey(text(request, "KeyId"), "keyId");
        byte[] plaintext = blob(request, "Plaintext");
        if (plaintext == null) {
            throw KmsFault.missing("plaintext");
        }
        if (plaintext.length < 1 || plaintext.length > MAX_PLAINTEXT) {
            throw KmsFault.validation("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: "
                    + "Member must have length between 1 and " + MAX_PLAINTEXT);
        }
        Map<String, String> context = encryptionContext(request);
        key.requireUsable();
        requireEncryptDecrypt(key, "Encrypt", text(request, "EncryptionAlgorithm"));
        ObjectNode response = json.createObjectNode();
        response.put("CiphertextBlob", base64(seal(key, plaintext, context)));
        response.put("KeyId", key.arn);
        response.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
        return response;
    }

    private ObjectNode decrypt(JsonNode request) throws GeneralSecurityException {
        byte[] blob = blob(request, "CiphertextBlob");
        if (blob == null) {
            throw KmsFault.missing("ciphertextBlob");
        }
        Map<String, String> context = encryptionContext(request);
        CiphertextFormat.Parsed parsed = CiphertextFormat.parse(blob);
        KmsKey key = keys.get(parsed.keyId().toString());
        if (key == null) {
            throw KmsFault.notFound("Key '" + keyArn(parsed.keyId().toString()) + "' does not exist");
        }
        String requestedKey = text(request, "KeyId");
        if (requestedKey != null && !resolveKey(requestedKey, "keyId").id.equals(key.id)) {
            throw new KmsFault(400, "IncorrectKeyException",
                    "The key ID in the request does not identify a KMS key that can perform this operation.");
        }
        key.requireUsable();
        if (!key.spec.symmetric()) {
            throw KmsFault.invalidCiphertext("The ciphertext refers to a key that cannot decrypt it.");
        }
        requireEncryptDecrypt(key, "Decrypt", text(request, "EncryptionAlgorithm"));
        byte[] plaintext = open(key, parsed, context);
        ObjectNode response = json.createObjectNode();
        response.put("KeyId", key.arn);
        response.put("Plaintext", base64(plaintext));
        response.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
        return response;
    }

    private ObjectNode generateDataKey(JsonNode request, boolean withPlaintext) throws GeneralSecurityException {
        KmsKey key = resolveKey(text(request, "KeyId"), "keyId");
        String keySpec = text(request, "KeySpec");
        Integer numberOfBytes = integer(request, "NumberOfBytes");
        if ((keySpec == null) == (numberOfBytes == null)) {
            throw KmsFault.validation("Please specify either number of bytes or key spec (exactly one of them).");
        }
        int length;
        if (keySpec != null) {
            length = switch (keySpec) {
                case "AES_256" -> 32;
                case "AES_128" -> 16;
                default -> throw KmsFault.validation("1 validation error detected: Value '" + keySpec
                        + "' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]");
            };
        } else {
            length = numberOfBytes;
            if (length < 1 || length > 1024) {
                throw KmsFault.validation("1 validation error detected: Value '" + length
                        + "' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024");
            }
        }
        if (request.hasNonNull("Recipient")) {
            throw KmsFault.unsupported("The Recipient parameter (Nitro Enclaves attestation) is not supported by the KMS emulator.");
        }
        Map<String, String> context = encryptionContext(request);
        key.requireUsable();
        requireEncryptDecrypt(key, withPlaintext ? "GenerateDataKey" : "GenerateDataKeyWithoutPlaintext", null);
        byte[] dataKey = new byte[length];
        random.nextBytes(dataKey);
        ObjectNode response = json.createObjectNode();
        response.put("CiphertextBlob", base64(seal(key, dataKey, context)));
        if (withPlaintext) {
            response.put("Plaintext", base64(dataKey));
        }
        response.put("KeyId", key.arn);
        return response;
    }

    private ObjectNode generateRandom(JsonNode request) {
        Integer numberOfBytes = integer(request, "NumberOfBytes");
        if (numberOfBytes == null) {
            throw KmsFault.missing("numberOfBytes");
        }
        if (numberOfBytes < 1 || numberOfBytes > 1024) {
            throw KmsFault.validation("1 validation error detected: Value '" + numberOfBytes
                    + "' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024");
        }
        if (text(request, "CustomKeyStoreId") != null) {
            throw KmsFault.unsupported("Custom key stores are not supported by the KMS emulator.");
        }
        byte[] bytes = new byte[numberOfBytes];
        random.nextBytes(bytes);
        ObjectNode response = json.createObjectNode();
        response.put("Plaintext", base64(bytes));
        return response;
    }

    private static void requireEncryptDecrypt(KmsKey key, String operation, String algorithm) {
        key.requireUsage(ENCRYPT_DECRYPT, operation);
        if (algorithm != null) {
            if (!ENCRYPTION_ALGORITHMS.contains(algorithm)) {
                throw KmsFault.validation("1 validation error detected: Value '" + algorithm
                        + "' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: "
                        + ENCRYPTION_ALGORITHMS);
            }
            if (!SYMMETRIC_DEFAULT.equals(algorithm)) {
                throw KmsFault.invalidKeyUsage("Encryption algorithm " + algorithm + " is not compatible with KeySpec "
                        + key.spec + " of key " + key.arn + ".");
            }
        }
    }

    private byte[] seal(KmsKey key, byte[] plaintext, Map<String, String> context) throws GeneralSecurityException {
        byte[] header = CiphertextFormat.header(key.uuid);
        byte[] nonce = new byte[CiphertextFormat.NONCE_LENGTH];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key.secretKey, new GCMParameterSpec(CiphertextFormat.TAG_LENGTH * 8, nonce));
        cipher.updateAAD(header);
        cipher.updateAAD(canonical(context));
        return CiphertextFormat.encode(header, nonce, cipher.doFinal(plaintext));
    }

    private byte[] open(KmsKey key, CiphertextFormat.Parsed parsed, Map<String, String> context)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key.secretKey,
                new GCMParameterSpec(CiphertextFormat.TAG_LENGTH * 8, parsed.nonce()));
        cipher.updateAAD(parsed.header());
        cipher.updateAAD(canonical(context));
        try {
            return cipher.doFinal(parsed.sealed());
        } catch (AEADBadTagException e) {
            // What KMS answers for a tampered blob and for a wrong or missing encryption context alike.
            throw KmsFault.invalidCiphertext(null);
        }
    }

    /** The encryption context as sorted-key JSON, so the order the caller sent the pairs in does not matter. */
    private byte[] canonical(Map<String, String> context) {
        try {
            return json.writeValueAsBytes(new TreeMap<>(context));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- signing

    private ObjectNode sign(JsonNode request) throws GeneralSecurityException {
        KmsKey key = resolveKey(text(request, "KeyId"), "keyId");
        byte[] message = signingMessage(request);
        boolean digest = digestMessageType(request);
        String algorithm = signingAlgorithm(request);
        key.requireUsable();
        requireSigning(key, "Sign", algorithm, digest, message);
        Signature signer = Signature.getInstance(digest ? "NONEwithECDSA" : key.spec.rawJcaAlgorithm());
        signer.initSign(key.keyPair.getPrivate(), random);
        signer.update(message);
        ObjectNode response = json.createObjectNode();
        response.put("KeyId", key.arn);
        response.put("Signature", base64(signer.sign()));
        response.put("SigningAlgorithm", algorithm);
        return response;
    }

    private ObjectNode verify(JsonNode request) throws GeneralSecurityException {
        KmsKey key = resolveKey(text(request, "KeyId"), "keyId");
        byte[] message = signingMessage(request);
        boolean digest = digestMessageType(request);
        byte[] signature = blob(request, "Signature");
        if (signature == null) {
            throw KmsFault.missing("signature");
        }
        String algorithm = signingAlgorithm(request);
        key.requireUsable();
        requireSigning(key, "Verify", algorithm, digest, message);
        Signature verifier = Signature.getInstance(digest ? "NONEwithECDSA" : key.spec.rawJcaAlgorithm());
        verifier.initVerify(key.keyPair.getPublic());
        verifier.update(message);
        boolean valid;
        try {
            valid = verifier.verify(signature);
        } catch (SignatureException malformed) {
            valid = false;
        }
        if (!valid) {
            // KMS never answers SignatureValid=false: a failed verification is this error.
            throw new KmsFault(400, "KMSInvalidSignatureException", null);
        }
        ObjectNode response = json.createObjectNode();
        response.put("KeyId", key.arn);
        response.put("SignatureValid", true);
        response.put("SigningAlgorithm", algorithm);
        return response;
    }

    private ObjectNode getPublicKey(JsonNode request) {
        KmsKey key = resolveKey(text(request, "KeyId"), "keyId");
        if (key.spec.symmetric()) {
            throw KmsFault.unsupported("GetPublicKey is not supported on symmetric key " + key.arn + ".");
        }
        key.requireUsable();
        ObjectNode response = json.createObjectNode();
        response.put("KeyId", key.arn);
        response.put("PublicKey", base64(key.keyPair.getPublic().getEncoded()));
        response.put("CustomerMasterKeySpec", key.spec.name());
        response.put("KeySpec", key.spec.name());
        response.put("KeyUsage", key.keyUsage);
        response.putArray("SigningAlgorithms").add(key.spec.signingAlgorithm);
        return response;
    }

    private byte[] signingMessage(JsonNode request) {
        byte[] message = blob(request, "Message");
        if (message == null) {
            throw KmsFault.missing("message");
        }
        if (message.length < 1 || message.length > MAX_RAW_MESSAGE) {
            throw KmsFault.validation("1 validation error detected: Value at 'message' failed to satisfy constraint: "
                    + "Member must have length between 1 and " + MAX_RAW_MESSAGE);
        }
        return message;
    }

    private static boolean digestMessageType(JsonNode request) {
        String type = text(request, "MessageType");
        if (type == null || "RAW".equals(type)) {
            return false;
        }
        if ("DIGEST".equals(type)) {
            return true;
        }
        if ("EXTERNAL_MU".equals(type)) {
            throw KmsFault.invalidKeyUsage("MessageType EXTERNAL_MU is only valid with ML-DSA keys.");
        }
        throw KmsFault.validation("1 validation error detected: Value '" + type
                + "' at 'messageType' failed to satisfy constraint: Member must satisfy enum value set: [RAW, DIGEST, EXTERNAL_MU]");
    }

    private static String signingAlgorithm(JsonNode request) {
        String algorithm = text(request, "SigningAlgorithm");
        if (algorithm == null) {
            throw KmsFault.missing("signingAlgorithm");
        }
        return algorithm;
    }

    private static void requireSigning(KmsKey key, String operation, String algorithm, boolean digest, byte[] message) {
        key.requireUsage(SIGN_VERIFY, operation);
        if (!algorithm.equals(key.spec.signingAlgorithm)) {
            throw KmsFault.invalidKeyUsage("Signing algorithm " + algorithm + " is not compatible with KeySpec "
                    + key.spec + " of key " + key.arn + " (supported: [" + key.spec.signingAlgorithm + "]).");
        }
        if (digest && message.length != key.spec.digestLength) {
            throw KmsFault.validation("Digest is invalid length for algorithm " + algorithm + ".");
        }
    }

    // ---------------------------------------------------------------------------------------------- key lookup

    /** Resolves a key ID, key ARN, alias name or alias ARN, as the cryptographic operations and DescribeKey accept. */
    private KmsKey resolveKey(String keyId, String member) {
        if (keyId == null || keyId.isEmpty()) {
            throw KmsFault.missing(member);
        }
        if (keyId.startsWith("alias/")) {
            return byAlias(keyId);
        }
        if (keyId.startsWith("arn:")) {
            String resource = arnResource(keyId);
            if (resource.startsWith("alias/")) {
                return byAlias(resource);
            }
        }
        return resolveKeyIdOrArn(keyId, member);
    }

    /** Resolves only a key ID or key ARN, as rotation and alias targets require. */
    private KmsKey resolveKeyIdOrArn(String keyId, String member) {
        if (keyId == null || keyId.isEmpty()) {
            throw KmsFault.missing(member);
        }
        String id = keyId;
        if (keyId.startsWith("arn:")) {
            String resource = arnResource(keyId);
            if (!resource.startsWith("key/")) {
                throw KmsFault.notFound("Invalid keyId '" + keyId + "'");
            }
            id = resource.substring("key/".length());
        } else if (keyId.startsWith("alias/")) {
            throw KmsFault.notFound("Invalid keyId '" + keyId + "': an alias cannot be used here");
        }
        KmsKey key = keys.get(id);
        if (key == null) {
            if (!looksLikeUuid(id)) {
                throw KmsFault.notFound("Invalid keyId '" + keyId + "'");
            }
            throw KmsFault.notFound("Key '" + keyArn(id) + "' does not exist");
        }
        return key;
    }

    private KmsKey byAlias(String aliasName) {
        Alias alias = aliases.get(aliasName);
        KmsKey key = alias == null ? null : keys.get(alias.targetKeyId());
        if (key == null) {
            throw KmsFault.notFound("Alias " + aliasArn(aliasName) + " is not found.");
        }
        return key;
    }

    /** The resource part ({@code key/...} or {@code alias/...}) of a KMS ARN in this emulator's region and account. */
    private String arnResource(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !"kms".equals(parts[2])) {
            throw new KmsFault(400, "InvalidArnException", "Invalid ARN '" + arn + "'");
        }
        if (!region.equals(parts[3]) || !ACCOUNT_ID.equals(parts[4])) {
            throw KmsFault.notFound("Key '" + arn + "' does not exist (the emulator serves region " + region
                    + ", account " + ACCOUNT_ID + ")");
        }
        return parts[5];
    }

    private static boolean looksLikeUuid(String id) {
        try {
            return UUID.fromString(id).toString().equalsIgnoreCase(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String keyArn(String id) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT_ID + ":key/" + id;
    }

    private String aliasArn(String aliasName) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT_ID + ":" + aliasName;
    }

    private ObjectNode metadata(KmsKey key) {
        ObjectNode node = json.createObjectNode();
        node.put("AWSAccountId", ACCOUNT_ID);
        node.put("KeyId", key.id);
        node.put("Arn", key.arn);
        node.put("CreationDate", epochSeconds(key.created));
        node.put("Enabled", key.enabled());
        node.put("Description", key.description);
        node.put("KeyUsage", key.keyUsage);
        node.put("KeyState", key.state);
        if (key.deletionDate != null) {
            node.put("DeletionDate", epochSeconds(key.deletionDate));
            node.put("PendingDeletionWindowInDays", key.pendingWindowInDays);
        }
        node.put("Origin", "AWS_KMS");
        node.put("KeyManager", "CUSTOMER");
        node.put("CustomerMasterKeySpec", key.spec.name());
        node.put("KeySpec", key.spec.name());
        if (key.spec.symmetric()) {
            node.putArray("EncryptionAlgorithms").add(SYMMETRIC_DEFAULT);
        } else {
            node.putArray("SigningAlgorithms").add(key.spec.signingAlgorithm);
        }
        node.put("MultiRegion", false);
        return node;
    }

    // ---------------------------------------------------------------------------------------------- request parsing

    private static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new KmsFault(400, "SerializationException", field + " must be a string");
        }
        return node.asText();
    }

    private static Integer integer(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new KmsFault(400, "SerializationException", field + " must be an integer");
        }
        return node.asInt();
    }

    private static boolean bool(JsonNode request, String field) {
        JsonNode node = request.get(field);
        return node != null && node.isBoolean() && node.asBoolean();
    }

    private static byte[] blob(JsonNode request, String field) {
        String value = text(request, field);
        if (value == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new KmsFault(400, "SerializationException", field + " is not valid base64");
        }
    }

    private static Map<String, String> encryptionContext(JsonNode request) {
        JsonNode node = request.get("EncryptionContext");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new KmsFault(400, "SerializationException", "EncryptionContext must be a map of strings");
        }
        Map<String, String> context = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new KmsFault(400, "SerializationException", "EncryptionContext values must be strings");
            }
            context.put(entry.getKey(), entry.getValue().asText());
        }
        return context;
    }

    private static int limit(JsonNode request, int defaultLimit, int max) {
        Integer limit = integer(request, "Limit");
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 1 || limit > max) {
            throw KmsFault.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and " + max);
        }
        return limit;
    }

    private static int marker(JsonNode request) {
        String marker = text(request, "Marker");
        if (marker == null) {
            return 0;
        }
        try {
            int from = Integer.parseInt(marker);
            if (from >= 0) {
                return from;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new KmsFault(400, "InvalidMarkerException", "Invalid marker '" + marker + "'");
    }

    private static void paginate(ObjectNode response, int next, int total) {
        boolean truncated = next < total;
        response.put("Truncated", truncated);
        if (truncated) {
            response.put("NextMarker", Integer.toString(next));
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    @Override
    public String toString() {
        return "KmsEmulator[" + endpoint() + ", region " + region + ", " + keys.size() + " keys]";
    }
}
