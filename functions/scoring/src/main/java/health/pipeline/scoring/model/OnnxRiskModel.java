package health.pipeline.scoring.model;

import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** The RiskModel port on ONNX Runtime. */
public final class OnnxRiskModel implements RiskModel {
    private final ModelManifest manifest;
    private final OrtEnvironment environment;
    private final OrtSession session;

    public OnnxRiskModel(ModelManifest manifest, byte[] onnx) {
        this.manifest = manifest;
        try {
            this.environment = OrtEnvironment.getEnvironment();
            var options = new OrtSession.SessionOptions();
            // Lambda gives a function one or two vCPUs; more threads only contend.
            options.setIntraOpNumThreads(1);
            this.session = environment.createSession(onnx, options);
        } catch (OrtException e) {
            throw new IllegalStateException("the model " + manifest.name() + "@" + manifest.version()
                    + " cannot be loaded by ONNX Runtime", e);
        }
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public double[] predict(float[][] standardised) {
        try (OnnxTensor input = OnnxTensor.createTensor(environment, standardised);
                OrtSession.Result result = session.run(Map.of(manifest.input().name(), input))) {
            OnnxValue output = result.get(manifest.output().name())
                    .orElseThrow(() -> new IllegalStateException("model output " + manifest.output().name() + " missing"));
            float[][] probabilities = (float[][]) output.getValue();
            double[] positive = new double[probabilities.length];
            for (int i = 0; i < probabilities.length; i++) {
                positive[i] = probabilities[i][manifest.output().positiveIndex()];
            }
            return positive;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score", e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session at shutdown cannot be acted upon
        }
    }
}
