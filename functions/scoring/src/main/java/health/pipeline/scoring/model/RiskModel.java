package health.pipeline.scoring.model;

/** A loaded, verified model: standardised feature rows in, probability of deterioration out. */
public interface RiskModel extends AutoCloseable {

    ModelManifest manifest();

    /** @param standardised one row per case, columns in the manifest's feature order */
    double[] predict(float[][] standardised);

    @Override
    void close();
}
