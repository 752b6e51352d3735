package health.pipeline.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the deterioration-risk model: seeded synthetic cohort, 80/20 split, standardisation with
 * training means/stds, Tribuo SGD logistic regression ({@link LinearSGDTrainer} with the
 * {@link LogMulticlass} objective, i.e. a 2-class softmax), evaluation on the held-out rows.
 */
public final class DeteriorationModelTrainer {

    public static final double TEST_FRACTION = 0.2;
    static final int EPOCHS = 10;
    static final double LEARNING_RATE = 0.5;

    private static final LabelFactory LABELS = new LabelFactory();

    private DeteriorationModelTrainer() {
    }

    /**
     * Everything the package writer and the tests need about one training run.
     *
     * @param featureOrder    features in the order of the model's feature ids = the ONNX input columns
     * @param positiveIndex   output column (Tribuo output id) of "deteriorated"
     * @param coefficients    w_deteriorated - w_stable per feature, in {@code featureOrder}
     * @param intercept       b_deteriorated - b_stable
     * @param testZ           standardised held-out features, rows x featureOrder
     * @param testPositive    held-out outcomes
     * @param testProbability Tribuo's P(deteriorated) on the held-out rows
     */
    public record Result(long seed, List<SyntheticCohort.Row> rows, List<SyntheticCohort.Row> train,
                         List<SyntheticCohort.Row> test, String dataFingerprint, int trainRows,
                         Standardizer standardizer, String trainerDescription, LinearSGDModel model,
                         List<VitalFeature> featureOrder, int positiveIndex, double[] coefficients, double intercept,
                         double[][] testZ, boolean[] testPositive, double[] testProbability, double auroc) {

        public int testRows() {
            return testPositive.length;
        }

        /** P(deteriorated) = sigmoid(intercept + sum coefficient_i * z_i), z in {@link #featureOrder()}. */
        public double probability(double[] z) {
            double logit = intercept;
            for (int i = 0; i < z.length; i++) {
                logit += coefficients[i] * z[i];
            }
            return SyntheticCohort.sigmoid(logit);
        }
    }

    /** The reference configuration: the default seed, 20,000 rows, {@value #EPOCHS} epochs. */
    public static Result train(long seed, int rowCount) {
        return train(seed, rowCount, EPOCHS);
    }

    /** The same pipeline with another number of epochs (how a candidate model differs from the reference). */
    public static Result train(long seed, int rowCount, int epochs) {
        // Train from the canonical CSV so that the fingerprint describes exactly the data used.
        String csv = SyntheticCohort.toCanonicalCsv(SyntheticCohort.generate(seed, rowCount));
        String fingerprint = SyntheticCohort.fingerprint(csv);
        List<SyntheticCohort.Row> rows = SyntheticCohort.parseCanonicalCsv(csv);

        List<Integer> order = new ArrayList<>(IntStream.range(0, rows.size()).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        int testCount = (int) Math.round(rows.size() * TEST_FRACTION);
        List<SyntheticCohort.Row> train = order.subList(testCount, order.size()).stream().map(rows::get).toList();
        List<SyntheticCohort.Row> test = order.subList(0, testCount).stream().map(rows::get).toList();

        Standardizer standardizer = Standardizer.fit(train);

        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("synthetic ward cohort (seed " + seed + ")", LABELS), LABELS);
        for (SyntheticCohort.Row r : train) {
            dataset.add(example(r, standardizer));
        }

        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(LEARNING_RATE, 0.1),
                epochs, -1, 1, seed); // loggingInterval -1: no progress logging
        LinearSGDModel model = trainer.train(dataset);

        ImmutableFeatureMap featureMap = model.getFeatureIDMap();
        List<VitalFeature> featureOrder = new ArrayList<>();
        for (int id = 0; id < featureMap.size(); id++) {
            featureOrder.add(VitalFeature.byName(featureMap.get(id).getName()));
        }
        if (featureOrder.size() != VitalFeature.ALL.size()) {
            throw new IllegalStateException("model has features " + featureOrder);
        }

        int positive = model.getOutputIDInfo().getID(new Label(SyntheticCohort.POSITIVE));
        int negative = model.getOutputIDInfo().getID(new Label(SyntheticCohort.NEGATIVE));
        DenseMatrix w = model.getWeightsCopy(); // [outputs, features + 1], bias in the last column
        double[] coefficients = new double[featureOrder.size()];
        for (int j = 0; j < coefficients.length; j++) {
            coefficients[j] = w.get(positive, j) - w.get(negative, j);
        }
        double intercept = w.get(positive, coefficients.length) - w.get(negative, coefficients.length);

        double[][] testZ = new double[test.size()][];
        boolean[] testPositive = new boolean[test.size()];
        double[] testProbability = new double[test.size()];
        List<Prediction<Label>> predictions = new ArrayList<>(test.size());
        for (int i = 0; i < test.size(); i++) {
            SyntheticCohort.Row r = test.get(i);
            testZ[i] = featureOrder.stream().mapToDouble(f -> standardizer.z(f, r.get(f))).toArray();
            testPositive[i] = r.deteriorated();
            Prediction<Label> p = model.predict(example(r, standardizer));
            predictions.add(p);
            Map<String, Label> scores = p.getOutputScores();
            testProbability[i] = scores.get(SyntheticCohort.POSITIVE).getScore();
        }
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, predictions,
                new SimpleDataSourceProvenance("held-out synthetic rows", LABELS));
        double auroc = evaluation.AUCROC(new Label(SyntheticCohort.POSITIVE));

        return new Result(seed, rows, train, test, fingerprint, train.size(), standardizer, trainer.toString(), model,
                List.copyOf(featureOrder), positive, coefficients, intercept, testZ, testPositive, testProbability,
                auroc);
    }

    static ArrayExample<Label> example(SyntheticCohort.Row r, Standardizer s) {
        String[] names = VitalFeature.ALL.stream().map(VitalFeature::name).toArray(String[]::new);
        double[] z = VitalFeature.ALL.stream().mapToDouble(f -> s.z(f, r.get(f))).toArray();
        return new ArrayExample<>(new Label(r.label()), names, z);
    }

    /** Share of values at or above the threshold. */
    static double rateAtOrAbove(double[] probabilities, double threshold) {
        return Arrays.stream(probabilities).filter(p -> p >= threshold).count() / (double) probabilities.length;
    }
}
