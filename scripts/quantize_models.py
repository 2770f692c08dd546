#!/usr/bin/python3
"""Weight-only int8 quantization of the compact models, with nothing but the `onnx` package.

Reproduces crossframe's bundled models from the fp32 originals:

    apt-get install -y python3-onnx        # Debian: onnx 1.12 + numpy for /usr/bin/python3
    /usr/bin/python3 scripts/quantize_models.py --src ../shared/models/compact --out models/compact

Every large initializer that feeds a MatMul (weight input), a Gemm (B) or a Gather (the word-embedding
table) is stored as int8 with one float scale per output channel (per row for the embedding table) and
restored at run time by a DequantizeLinear node (opset 13 per-axis form, symmetric: zero point 0).
Small initializers (biases, LayerNorm, position and token-type embeddings) stay fp32: they weigh
little and carry most of the sensitivity. Activations stay fp32, so every onnxruntime build runs it.

Why not onnxruntime's quantizer: Debian ships no onnxruntime Python package, and the weights are what
makes these files big (the 30,522-row embedding table is ~90 % of each model).

The output folder is what transformers.js expects for `{ quantized: true }`: config.json, the tokenizer
files and onnx/model_quantized.onnx. quantization.json records source and output hashes, settings and
the largest rounding error per tensor. The run is deterministic: the same inputs give the same bytes.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

MODELS = ("embedding", "sentiment", "nli")
# Files transformers.js reads (special_tokens_map.json is informational, training_log.json provenance).
COPY = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "training_log.json")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def channel_axis(node, input_index):
    """Axis of the output channels of a weight, or None when this use is not quantized."""
    if node.op_type == "MatMul" and input_index == 1:
        return 1  # [in, out]
    if node.op_type == "Gemm" and input_index == 1:
        trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
        return 0 if trans_b else 1
    if node.op_type == "Gather" and input_index == 0:
        return 0  # one scale per vocabulary row
    return None


def quantize_symmetric(weights, axis):
    """int8 values and one scale per slice along `axis`, max |w| mapped to 127."""
    other = tuple(i for i in range(weights.ndim) if i != axis)
    amax = np.abs(weights).max(axis=other)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    shape = [1] * weights.ndim
    shape[axis] = -1
    q = np.clip(np.rint(weights / scale.reshape(shape)), -127, 127).astype(np.int8)
    error = float(np.abs(q.astype(np.float32) * scale.reshape(shape) - weights).max())
    return q, scale, error


def quantize_model(src, dst, min_elements):
    model = onnx.load(src)
    graph = model.graph
    opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    if opset < 13:
        sys.exit(f"{src}: opset {opset}; per-axis DequantizeLinear needs opset 13 or later. Fix: re-export with opset >= 13.")
    inits = {i.name: i for i in graph.initializer}
    uses = {}
    for node in graph.node:
        for k, name in enumerate(node.input):
            if name in inits:
                uses.setdefault(name, []).append(channel_axis(node, k))

    report = []
    new_inits = []
    dq_nodes = []
    for init in graph.initializer:
        weights = numpy_helper.to_array(init)
        axes = set(uses.get(init.name, [None]))
        # Quantize only when every use agrees on one channel axis (a weight shared by two kinds of node stays fp32).
        if weights.dtype != np.float32 or weights.size < min_elements or len(axes) != 1 or None in axes:
            new_inits.append(init)
            continue
        axis = axes.pop()
        q, scale, error = quantize_symmetric(weights, axis)
        base = init.name
        new_inits.append(numpy_helper.from_array(q, base + "_int8"))
        new_inits.append(numpy_helper.from_array(scale, base + "_scale"))
        new_inits.append(numpy_helper.from_array(np.zeros(scale.shape, np.int8), base + "_zero_point"))
        # The dequantized tensor keeps the original name, so no consumer changes.
        dq_nodes.append(helper.make_node("DequantizeLinear", [base + "_int8", base + "_scale", base + "_zero_point"], [base], name=base + "_dequantize", axis=axis))
        report.append({"tensor": base, "shape": list(weights.shape), "axis": axis, "max_abs_error": error})

    del graph.initializer[:]
    graph.initializer.extend(new_inits)
    nodes = dq_nodes + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", required=True, help="folder holding embedding/, sentiment/, nli/ with onnx/model.onnx (fp32)")
    parser.add_argument("--out", required=True, help="folder to write (e.g. models/compact)")
    parser.add_argument("--min-elements", type=int, default=16384, help="initializers with fewer values stay fp32 (default 16384 = 128x128)")
    args = parser.parse_args()

    record = {"tool": "scripts/quantize_models.py", "onnx": onnx.__version__, "numpy": np.__version__, "scheme": "weight-only int8, symmetric, per output channel (per row for Gather), DequantizeLinear opset 13", "min_elements": args.min_elements, "models": {}}
    for name in MODELS:
        src_dir = os.path.join(args.src, name)
        dst_dir = os.path.join(args.out, name)
        os.makedirs(os.path.join(dst_dir, "onnx"), exist_ok=True)
        for f in COPY:
            if os.path.exists(os.path.join(src_dir, f)):
                shutil.copyfile(os.path.join(src_dir, f), os.path.join(dst_dir, f))
        src = os.path.join(src_dir, "onnx", "model.onnx")
        dst = os.path.join(dst_dir, "onnx", "model_quantized.onnx")
        tensors = quantize_model(src, dst, args.min_elements)
        record["models"][name] = {
            "source": {"file": f"{name}/onnx/model.onnx", "bytes": os.path.getsize(src), "sha256": sha256(src)},
            "output": {"file": f"{name}/onnx/model_quantized.onnx", "bytes": os.path.getsize(dst), "sha256": sha256(dst)},
            "quantized_tensors": tensors,
        }
        print(f"{name}: {os.path.getsize(src):,} -> {os.path.getsize(dst):,} bytes, {len(tensors)} tensors int8")
    with open(os.path.join(args.out, "quantization.json"), "w") as f:
        json.dump(record, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
