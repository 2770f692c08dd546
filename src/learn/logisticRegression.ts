/**
 * Multinomial logistic regression with L2 regularisation: the calibrated judge behind every learned
 * decision (claim relations, article pairs for events, sentence tone). Features are standardised with
 * the training rows' mean and spread, stored in the fitted model, so a model file is self-contained.
 * Fitting is deterministic (zero start, full-batch Adam), so the same rows give the same file.
 *
 * Example:
 *   const model = fitLogistic(rows.map((r) => r.features), rows.map((r) => r.label), { classes: ['no', 'yes'], featureNames });
 *   predictProba(model, features)  // [P(no), P(yes)]
 */

export interface LogisticModel {
  /** Class names, in the order of predictProba's output. */
  classes: string[];
  featureNames: string[];
  /** Per feature: training mean and standard deviation (1 when constant). */
  mean: number[];
  scale: number[];
  /** weights[class][feature] on standardised features; bias[class]. Class 0 is the reference (all zero) for two classes. */
  weights: number[][];
  bias: number[];
}

export interface FitOptions {
  classes: string[];
  featureNames: string[];
  /** L2 penalty on the weights (not the bias), per training row. Default 1e-3. */
  l2?: number;
  iterations?: number;
  learningRate?: number;
  /** Weight per class name (e.g. to balance rare classes); default 1 for every class. */
  classWeights?: Record<string, number>;
}

export function fitLogistic(features: number[][], labels: string[], options: FitOptions): LogisticModel {
  const { classes, featureNames } = options;
  const n = features.length;
  const d = featureNames.length;
  const k = classes.length;
  if (n === 0) throw new Error('fitLogistic: no training rows');
  if (k < 2) throw new Error('fitLogistic: need at least two classes');
  for (const row of features) if (row.length !== d) throw new Error(`fitLogistic: a row has ${row.length} features, expected ${d}`);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const y = labels.map((l) => {
    const i = classIndex.get(l);
    if (i === undefined) throw new Error(`fitLogistic: label "${l}" is not one of ${classes.join(', ')}`);
    return i;
  });
  const { mean, scale } = standardisation(features, d);
  const x = features.map((row) => row.map((v, j) => (v - mean[j]) / scale[j]));
  const rowWeight = y.map((c) => options.classWeights?.[classes[c]] ?? 1);
  const totalWeight = rowWeight.reduce((a, b) => a + b, 0);
  const l2 = options.l2 ?? 1e-3;
  const iterations = options.iterations ?? 1500;
  const lr = options.learningRate ?? 0.05;

  // Parameters: (d + 1) per class; with two classes only class 1 is free (class 0 is the reference).
  const free = k === 2 ? [1] : classes.map((_, i) => i);
  const w = classes.map(() => new Float64Array(d));
  const b = new Float64Array(k);
  const adam = free.map(() => ({ mw: new Float64Array(d), vw: new Float64Array(d), mb: 0, vb: 0 }));
  const beta1 = 0.9;
  const beta2 = 0.999;
  const probs = new Float64Array(k);
  for (let t = 1; t <= iterations; t++) {
    const gw = free.map(() => new Float64Array(d));
    const gb = new Float64Array(free.length);
    for (let i = 0; i < n; i++) {
      softmaxInto(x[i], w, b, probs);
      for (let f = 0; f < free.length; f++) {
        const c = free[f];
        const err = (probs[c] - (y[i] === c ? 1 : 0)) * rowWeight[i];
        gb[f] += err;
        const row = x[i];
        const g = gw[f];
        for (let j = 0; j < d; j++) g[j] += err * row[j];
      }
    }
    for (let f = 0; f < free.length; f++) {
      const c = free[f];
      const a = adam[f];
      for (let j = 0; j < d; j++) {
        const g = gw[f][j] / totalWeight + l2 * w[c][j];
        a.mw[j] = beta1 * a.mw[j] + (1 - beta1) * g;
        a.vw[j] = beta2 * a.vw[j] + (1 - beta2) * g * g;
        w[c][j] -= (lr * (a.mw[j] / (1 - beta1 ** t))) / (Math.sqrt(a.vw[j] / (1 - beta2 ** t)) + 1e-8);
      }
      const g = gb[f] / totalWeight;
      a.mb = beta1 * a.mb + (1 - beta1) * g;
      a.vb = beta2 * a.vb + (1 - beta2) * g * g;
      b[c] -= (lr * (a.mb / (1 - beta1 ** t))) / (Math.sqrt(a.vb / (1 - beta2 ** t)) + 1e-8);
    }
  }
  return {
    classes: [...classes],
    featureNames: [...featureNames],
    mean: mean.map(round),
    scale: scale.map(round),
    weights: w.map((row) => Array.from(row, round)),
    bias: Array.from(b, round),
  };
}

/** Class probabilities for one row of raw (unstandardised) features, in model.classes order. */
export function predictProba(model: LogisticModel, features: readonly number[]): number[] {
  const d = model.featureNames.length;
  if (features.length !== d) throw new Error(`predictProba: ${features.length} features given, the model expects ${d} (${model.featureNames.join(', ')})`);
  const x = features.map((v, j) => (v - model.mean[j]) / model.scale[j]);
  const out = new Float64Array(model.classes.length);
  softmaxInto(x, model.weights, model.bias, out);
  return Array.from(out);
}

/** Probability of one named class. */
export function probabilityOf(model: LogisticModel, features: readonly number[], className: string): number {
  const i = model.classes.indexOf(className);
  if (i < 0) throw new Error(`probabilityOf: the model has no class "${className}" (${model.classes.join(', ')})`);
  return predictProba(model, features)[i];
}

/** Standardised weight per feature and class: what the model leans on, for training reports. */
export function featureWeights(model: LogisticModel): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = Object.create(null);
  model.classes.forEach((c, ci) => {
    if (model.classes.length === 2 && ci === 0) return;
    const row: Record<string, number> = Object.create(null);
    model.featureNames.forEach((f, j) => (row[f] = model.weights[ci][j]));
    out[c] = row;
  });
  return out;
}

function standardisation(features: number[][], d: number): { mean: number[]; scale: number[] } {
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (const row of features) for (let j = 0; j < d; j++) mean[j] += row[j];
  for (let j = 0; j < d; j++) mean[j] /= features.length;
  for (const row of features) for (let j = 0; j < d; j++) sq[j] += (row[j] - mean[j]) ** 2;
  const scale = sq.map((s) => {
    const sd = Math.sqrt(s / features.length);
    return sd > 1e-12 ? sd : 1;
  });
  return { mean, scale };
}

function softmaxInto(x: readonly number[], w: ArrayLike<number>[] | number[][], b: ArrayLike<number>, out: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < out.length; c++) {
    let z = b[c];
    const wc = w[c];
    for (let j = 0; j < x.length; j++) z += wc[j] * x[j];
    out[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < out.length; c++) {
    out[c] = Math.exp(out[c] - max);
    sum += out[c];
  }
  for (let c = 0; c < out.length; c++) out[c] /= sum;
}

/** Twelve significant digits: model files stay byte-stable across platforms' last-bit differences. */
function round(v: number): number {
  return Number(v.toPrecision(12));
}
