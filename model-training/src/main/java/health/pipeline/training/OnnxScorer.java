package health.pipeline.training;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.Map;

/** Runs an exported model.onnx with ONNX Runtime: standardised features in, class probabilities out. */
public final class OnnxScorer implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;

    public OnnxScorer(Path modelFile) throws OrtException {
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            session = env.createSession(modelFile.toString(), options);
        }
        inputName = session.getInputNames().iterator().next();
        outputName = session.getOutputNames().iterator().next();
    }

    public String inputName() {
        return inputName;
    }

    public String outputName() {
        return outputName;
    }

    public Map<String, NodeInfo> inputInfo() throws OrtException {
        return session.getInputInfo();
    }

    public Map<String, NodeInfo> outputInfo() throws OrtException {
        return session.getOutputInfo();
    }

    /** Shape of the (first) input, -1 for the free batch dimension. */
    public long[] inputShape() throws OrtException {
        return ((TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
    }

    /** @param z standardised features, rows x features in the ONNX input order */
    public float[][] run(double[][] z) throws OrtException {
        float[][] x = new float[z.length][];
        for (int i = 0; i < z.length; i++) {
            x[i] = new float[z[i].length];
            for (int j = 0; j < z[i].length; j++) {
                x[i][j] = (float) z[i][j];
            }
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, x);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            return (float[][]) result.get(outputName).orElseThrow().getValue();
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
