#!/usr/bin/env python3
"""Generates the layer lists of the layered (CNN) model profiles in
models/profiles/ from the reference definitions they cite:

  resnet-50, resnet-18  torchvision.models.resnet (v1.5: stride on the 3x3 conv)
  mobilenet-v1          TF-slim research/slim/nets/mobilenet_v1.py (_CONV_DEFS), width 1.0, 224x224
  mobilenet-v2          torchvision.models.mobilenetv2
  ssd-mobilenet-v2      TF object detection API ssd_mobilenet_v2 (300x300 COCO, quantized config): TF-slim
                        MobileNetV2 to layer_19, four extra 1x1 + 3x3/2 layers, 1x1 box predictors
  efficientnet-b0       torchvision.models.efficientnet (efficientnet_b0)
  yolov8n               ultralytics/cfg/models/v8/yolov8.yaml, scale n, 640x640,
                        modules Conv / C2f / Bottleneck / SPPF / Detect / DFL
  yolo11n               ultralytics/cfg/models/11/yolo11.yaml, scale n, 640x640,
                        modules Conv / C3k2 / C3k / SPPF / C2PSA / Detect / DFL
  retinanet             MLPerf's RetinaNet (mlcommons/training single_stage_detector):
                        ResNeXt50_32x4d + FPN P3-P7 + shared 4-conv heads, 264 classes, 800x800
  3d-unet               MLPerf's KiTS19 3D U-Net (mlcommons/training image_segmentation), one
                        128^3 patch repeated per sample over the sliding window
  rnn-t                 MLPerf's RNN-T (mlcommons/inference speech_recognition/rnnt): LSTM
                        encoder, prediction and joint networks at the data set's mean lengths
  sdxl                  SDXL 1.0 base as MLPerf runs it: both CLIP text encoders once (prompt and
                        negative prompt), the diffusers UNet 20 steps x 2 (CFG), the VAE decoder

Only the header of each file (ids, sources, published figures, notes) is written by hand
here; the layer list is produced by walking the architecture exactly as the reference code
builds it. Run:  python3 models/tools/gen_cnn_profiles.py  (rewrites the files it lists).
"""
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "profiles")


def shp(h, w, c):
    return f"{h}x{w}x{c}"


def conv_out(h, k, s):
    p = k // 2
    return (h + 2 * p - k) // s + 1


class Net:
    def __init__(self):
        self.layers = []

    def conv(self, name, h, w, cin, cout, k, s=1, groups=1, bias=False, norm=True, act=None,
             residual=False):
        ho, wo = conv_out(h, k, s), conv_out(w, k, s)
        d = {"name": name, "op": "conv2d", "in": shp(h, w, cin), "out": shp(ho, wo, cout),
             "kernel": f"{k}x{k}"}
        if groups != 1:
            d["groups"] = groups
        if bias:
            d["bias"] = True
        if norm:
            d["norm"] = "batch"
        if act:
            d["act"] = act
        if residual:
            d["residual"] = True
        self.layers.append(d)
        return ho, wo, cout

    def add(self, d):
        self.layers.append(d)


def fmt_layer(d):
    parts = []
    for k, v in d.items():
        if isinstance(v, bool):
            v = "true" if v else "false"
        elif isinstance(v, list):
            v = "[" + ", ".join(v) + "]"
        parts.append(f"{k}: {v}")
    return "    - {" + ", ".join(parts) + "}"


def fmt_entries(entries, indent="    "):
    """Layer entries as flow mappings; groups (a dict with "group") as block mappings whose
    nested list is indented under them."""
    lines = []
    for d in entries:
        if "group" not in d:
            lines.append(indent + fmt_layer(d).lstrip())
            continue
        lines.append(f"{indent}- group: {d['group']}")
        for key in ("repeat", "batch", "note"):
            if key in d:
                v = d[key]
                lines.append(f'{indent}  {key}: "{v}"' if key == "note" else f"{indent}  {key}: {v}")
        lines.append(f"{indent}  list:")
        lines += fmt_entries(d["list"], indent + "    ")
    return lines


def write(model_id, header, layers_source, net):
    path = os.path.join(OUT, model_id + ".yaml")
    lines = [header.rstrip("\n"), "layers:", f"  source: {layers_source}", "  list:"]
    lines += fmt_entries(net.layers)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {path}: {len(net.layers)} layers")


# ----------------------------------------------------------------------------- ResNet
def resnet(block, layers):
    n = Net()
    h, w, c = n.conv("conv1", 224, 224, 3, 64, 7, 2, act="relu")
    n.add({"name": "maxpool", "op": "maxpool", "in": shp(h, w, c), "out": shp(56, 56, 64),
           "kernel": "3x3"})
    h, w, c = 56, 56, 64
    widths = [64, 128, 256, 512]
    for li, (width, nblocks) in enumerate(zip(widths, layers)):
        for b in range(nblocks):
            stride = 2 if (b == 0 and li > 0) else 1
            p = f"layer{li + 1}.{b}"
            if block == "bottleneck":
                out = width * 4
                need_ds = b == 0 and (stride != 1 or c != out)
                h1, w1, _ = n.conv(p + ".conv1", h, w, c, width, 1, 1, act="relu")
                h2, w2, _ = n.conv(p + ".conv2", h1, w1, width, width, 3, stride, act="relu")
                n.conv(p + ".conv3", h2, w2, width, out, 1, 1, act="relu", residual=True)
            else:  # basic
                out = width
                need_ds = b == 0 and (stride != 1 or c != out)
                h2, w2, _ = n.conv(p + ".conv1", h, w, c, width, 3, stride, act="relu")
                n.conv(p + ".conv2", h2, w2, width, out, 3, 1, act="relu", residual=True)
            if need_ds:
                n.conv(p + ".downsample", h, w, c, out, 1, stride)
            h, w, c = h2, w2, out
    n.add({"name": "avgpool", "op": "global-avgpool", "in": shp(h, w, c), "out": shp(1, 1, c)})
    n.add({"name": "fc", "op": "dense", "in": c, "out": 1000, "bias": True})
    return n


RESNET50_HEADER = """\
id: resnet-50
name: ResNet-50 v1.5 (torchvision)
family: cnn
task: image-classification
sources:
  he2016: "He et al., Deep Residual Learning for Image Recognition, CVPR 2016, Table 1 (50-layer column), https://arxiv.org/abs/1512.03385 (read 2026-11)"
  tv-code: "torchvision.models.resnet source (Bottleneck with stride on conv2 = ResNet v1.5, resnet50 = Bottleneck x [3, 4, 6, 3]), https://github.com/pytorch/vision/blob/main/torchvision/models/resnet.py (read 2026-11)"
  tv: "torchvision ResNet50_Weights.IMAGENET1K_V1 meta: num_params 25557032, _ops 4.089 (the 'GFLOPS' column of the torchvision model table, which counts multiply-accumulates), https://pytorch.org/vision/stable/models.html (read 2026-11)"
published: {source: tv, params: 25.557032M, macs_per_sample: 4.089G}
notes: >-
  Layer list generated by models/tools/gen_cnn_profiles.py from torchvision's resnet50
  definition at 224x224. v1.5 places the stride-2 of each down-sampling bottleneck on the 3x3
  conv (conv2), not on the first 1x1 conv as in the original paper; this is the MLPerf
  ResNet-50 v1.5. Each bottleneck's residual add is fused into conv3 (residual: true); the
  projection shortcut of the first block of each stage is the 'downsample' conv. BN
  gamma/beta are counted (torchvision's num_params counts them; running statistics are
  buffers and are not). The torchvision '_ops' figure counts conv and linear MACs.
input: 224x224x3
"""

RESNET18_HEADER = """\
id: resnet-18
name: ResNet-18 (torchvision)
family: cnn
task: image-classification
sources:
  he2016: "He et al., Deep Residual Learning for Image Recognition, CVPR 2016, Table 1 (18-layer column), https://arxiv.org/abs/1512.03385 (read 2026-11)"
  tv-code: "torchvision.models.resnet source (BasicBlock x [2, 2, 2, 2]), https://github.com/pytorch/vision/blob/main/torchvision/models/resnet.py (read 2026-11)"
  tv: "torchvision ResNet18_Weights.IMAGENET1K_V1 meta: num_params 11689512, _ops 1.814 (multiply-accumulates), https://pytorch.org/vision/stable/models.html (read 2026-11)"
published: {source: tv, params: 11.689512M, macs_per_sample: 1.814G}
notes: >-
  Layer list generated by models/tools/gen_cnn_profiles.py from torchvision's resnet18
  definition at 224x224. Each basic block's residual add is fused into its second conv
  (residual: true); the first block of stages 2-4 has a 1x1 stride-2 projection
  ('downsample'). BN gamma/beta counted.
input: 224x224x3
"""


# ----------------------------------------------------------------------------- MobileNetV2
def mobilenet_v2():
    n = Net()
    h, w, c = n.conv("features.0", 224, 224, 3, 32, 3, 2, act="relu6")
    setting = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
               (6, 160, 3, 2), (6, 320, 1, 1)]
    idx = 1
    for t, cout, reps, s in setting:
        for i in range(reps):
            stride = s if i == 0 else 1
            p = f"features.{idx}"
            hid = c * t
            use_res = stride == 1 and c == cout
            if t != 1:
                n.conv(p + ".expand", h, w, c, hid, 1, 1, act="relu6")
            ho, wo, _ = n.conv(p + ".depthwise", h, w, hid, hid, 3, stride, groups=hid,
                               act="relu6")
            n.conv(p + ".project", ho, wo, hid, cout, 1, 1, residual=use_res)
            h, w, c = ho, wo, cout
            idx += 1
    h, w, c = n.conv(f"features.{idx}", h, w, c, 1280, 1, 1, act="relu6")
    n.add({"name": "avgpool", "op": "global-avgpool", "in": shp(h, w, c), "out": shp(1, 1, c)})
    n.add({"name": "classifier.1", "op": "dense", "in": c, "out": 1000, "bias": True})
    return n


MOBILENET_HEADER = """\
id: mobilenet-v2
name: MobileNetV2 1.0 (torchvision)
family: cnn
task: image-classification
sources:
  sandler2018: "Sandler et al., MobileNetV2: Inverted Residuals and Linear Bottlenecks, CVPR 2018, Table 2, https://arxiv.org/abs/1801.04381 (read 2026-11)"
  tv-code: "torchvision.models.mobilenetv2 source (inverted_residual_setting t,c,n,s = [1,16,1,1] [6,24,2,2] [6,32,3,2] [6,64,4,2] [6,96,3,1] [6,160,3,2] [6,320,1,1], last_channel 1280), https://github.com/pytorch/vision/blob/main/torchvision/models/mobilenetv2.py (read 2026-11)"
  tv: "torchvision MobileNet_V2_Weights.IMAGENET1K_V1 meta: num_params 3504872, _ops 0.301 (multiply-accumulates), https://pytorch.org/vision/stable/models.html (read 2026-11)"
published: {source: tv, params: 3.504872M, macs_per_sample: 0.301G}
notes: >-
  Layer list generated by models/tools/gen_cnn_profiles.py from torchvision's mobilenet_v2
  (width 1.0) at 224x224. Each inverted residual block is expand 1x1 (absent when t=1),
  depthwise 3x3 (groups = channels), linear project 1x1; the residual add is fused into the
  project conv when stride is 1 and in/out channels match. ReLU6 activations. The classifier
  dropout is omitted (identity at inference).
input: 224x224x3
"""


# ----------------------------------------------------------------------------- MobileNet v1
def mobilenet_v1():
    n = Net()
    # TF-slim _CONV_DEFS: one 3x3 conv, then 13 depthwise-separable blocks (kernel 3, stride, depth)
    h, w, c = n.conv("Conv2d_0", 224, 224, 3, 32, 3, 2, act="relu6")
    blocks = [(1, 64), (2, 128), (1, 128), (2, 256), (1, 256), (2, 512), (1, 512), (1, 512),
              (1, 512), (1, 512), (1, 512), (2, 1024), (1, 1024)]
    for i, (s, cout) in enumerate(blocks, start=1):
        h, w, _ = n.conv(f"Conv2d_{i}_depthwise", h, w, c, c, 3, s, groups=c, act="relu6")
        h, w, c = n.conv(f"Conv2d_{i}_pointwise", h, w, c, cout, 1, 1, act="relu6")
    n.add({"name": "AvgPool_1a", "op": "global-avgpool", "in": shp(h, w, c), "out": shp(1, 1, c)})
    n.add({"name": "Conv2d_1c_1x1", "op": "dense", "in": c, "out": 1000, "bias": True})
    return n


MOBILENET_V1_HEADER = """\
id: mobilenet-v1
name: MobileNet v1 1.0 224 (TF-slim)
family: cnn
task: image-classification
sources:
  slim-code: "tensorflow/models research/slim/nets/mobilenet_v1.py: _CONV_DEFS (Conv 3x3/2 32, then DepthSepConv 3x3 with stride/depth 1/64 2/128 1/128 2/256 1/256 2/512 5x 1/512 2/1024 1/1024), batch norm after every conv, SAME padding, 7x7 average pool, 1x1 logits conv with bias, num_classes default 1000; docstring table: base network 3,185,088 params, 567,716,352 MACs at 224x224, https://github.com/tensorflow/models/blob/master/research/slim/nets/mobilenet_v1.py (read 2026-12)"
  slim-table: "tensorflow/models research/slim/nets/mobilenet_v1.md, Pre-trained Models table: MobileNet_v1_1.0_224 569 million MACs, 4.24 million parameters (also for MobileNet_v1_1.0_224_quant), https://github.com/tensorflow/models/blob/master/research/slim/nets/mobilenet_v1.md (read 2026-12)"
published: {source: slim-table, params: 4.24M, macs_per_sample: 569M}
notes: >-
  Layer list generated by models/tools/gen_cnn_profiles.py from TF-slim's _CONV_DEFS at width
  1.0 and 224x224. Each depthwise-separable block is a 3x3 depthwise conv (groups = channels)
  and a 1x1 pointwise conv, each followed by batch norm and ReLU6. The classifier is the 1x1
  logits conv, written as a dense layer; TF-slim's released checkpoints have one extra
  background class (1001 outputs), which adds 1,025 parameters. Dropout is omitted (identity
  at inference). The int8 TFLite model the Coral benchmarks run (mobilenet_v1_1.0_224_quant)
  has the same shapes.
input: 224x224x3
"""


# ----------------------------------------------------------------------------- SSD MobileNet v2
def ssd_mobilenet_v2(size=300, num_classes=90):
    n = Net()
    # TF-slim mobilenet_v2 V2_DEF up to layer_19 (layer_1 the stem conv, layer_2..18 the expanded
    # convs, layer_19 the 1x1 conv to 1280); SAME padding, so strided maps round up (75 -> 38).
    h, w, c = n.conv("layer_1", size, size, 3, 32, 3, 2, act="relu6")
    setting = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
               (6, 160, 3, 2), (6, 320, 1, 1)]
    idx = 2
    features = []
    for t, cout, reps, s in setting:
        for i in range(reps):
            stride = s if i == 0 else 1
            p = f"layer_{idx}"
            hid = c * t
            if t != 1:
                n.conv(p + ".expand", h, w, c, hid, 1, 1, act="relu6")
                if idx == 15:  # SSD taps layer_15/expansion_output
                    features.append((h, w, hid))
            ho, wo, _ = n.conv(p + ".depthwise", h, w, hid, hid, 3, stride, groups=hid,
                               act="relu6")
            n.conv(p + ".project", ho, wo, hid, cout, 1, 1,
                   residual=stride == 1 and c == cout)
            h, w, c = ho, wo, cout
            idx += 1
    h, w, c = n.conv("layer_19", h, w, c, 1280, 1, 1, act="relu6")
    features.append((h, w, c))
    # multi_resolution_feature_maps: layer_depth 512, 256, 256, 128, each a 1x1 conv to half
    # the depth and a 3x3 stride-2 conv (use_depthwise False), batch norm and ReLU6.
    for i, depth in enumerate([512, 256, 256, 128], start=2):
        n.conv(f"layer_19_1_Conv2d_{i}_1x1_{depth // 2}", h, w, c, depth // 2, 1, 1, act="relu6")
        h, w, c = n.conv(f"layer_19_2_Conv2d_{i}_3x3_s2_{depth}", h, w, depth // 2, depth, 3, 2,
                         act="relu6")
        features.append((h, w, c))
    # ConvolutionalBoxPredictor, kernel_size 1, no norm: 3 anchors on the first map
    # (reduce_boxes_in_lowest_layer), 6 elsewhere (5 aspect ratios + the interpolated scale);
    # num_classes + 1 class slots (background).
    for i, (fh, fw, fc) in enumerate(features):
        anchors = 3 if i == 0 else 6
        n.conv(f"BoxPredictor_{i}.BoxEncodingPredictor", fh, fw, fc, anchors * 4, 1, 1,
               bias=True, norm=False)
        n.conv(f"BoxPredictor_{i}.ClassPredictor", fh, fw, fc, anchors * (num_classes + 1), 1, 1,
               bias=True, norm=False)
    return n


SSD_MOBILENET_V2_HEADER = """\
id: ssd-mobilenet-v2
name: SSD MobileNet v2 300x300 COCO (TF object detection API)
family: cnn
task: object-detection
sources:
  tfod-config: "tensorflow/models research/object_detection/samples/configs/ssd_mobilenet_v2_quantized_300x300_coco.config: num_classes 90, fixed_shape_resizer 300x300, ssd_anchor_generator num_layers 6 with aspect ratios 1.0 2.0 0.5 3.0 0.3333, convolutional_box_predictor kernel_size 1 with num_layers_before_predictor 0, box_code_size 4, feature_extractor ssd_mobilenet_v2 depth_multiplier 1.0 min_depth 16, batch norm and ReLU6, 8-bit quantization rewrite, https://github.com/tensorflow/models (read 2026-12)"
  tfod-code: "tensorflow/models research/object_detection: models/ssd_mobilenet_v2_feature_extractor.py (feature maps from layer_15/expansion_output and layer_19, then new layers of depth 512, 256, 256, 128, insert_1x1_conv True, use_depthwise False), models/feature_map_generators.py multi_resolution_feature_maps (1x1 conv to layer_depth/2, then 3x3 stride-2 SAME conv), anchor_generators/multiple_grid_anchor_generator.py (lowest layer 3 boxes when reduce_boxes_in_lowest_layer, else one per aspect ratio plus one interpolated scale), the box predictors' num_class_slots = num_classes + 1, https://github.com/tensorflow/models (read 2026-12, partly in copies of the files)"
  slim-v2: "tensorflow/models research/slim/nets/mobilenet/mobilenet_v2.py V2_DEF: conv 3x3/2 32; expanded_conv 16 (expansion 1), 24 x2 (first stride 2), 32 x3 (/2), 64 x4 (/2), 96 x3, 160 x3 (/2), 320; conv 1x1 1280; expansion 6, batch norm, ReLU6, SAME padding (read 2026-12 in copies of the file)"
published: {source: tfod-config}
notes: >-
  Layer list generated by models/tools/gen_cnn_profiles.py. The Coral/TFLite SSD MobileNet
  v2 detector is this network quantized to int8 (the config's quantization rewrite). The
  detection post-processing (box decoding and non-maximum suppression over the
  19x19x3 + (10x10 + 5x5 + 3x3 + 2x2 + 1x1) x 6 = 1917 anchors these shapes give) is not
  modelled. No published parameter or MAC count was found for this model, so published:
  holds none; the derived counts are 6.07M parameters (batch-norm scale and shift included)
  and 0.77 GMACs at 300x300. The backbone shapes equal those of the mobilenet-v2 profile
  (torchvision) run at 300x300.
input: 300x300x3
"""


# ----------------------------------------------------------------------------- EfficientNet-B0
def efficientnet_b0():
    n = Net()
    h, w, c = n.conv("features.0", 224, 224, 3, 32, 3, 2, act="silu")
    # expand_ratio, kernel, stride, in, out, layers  (torchvision _efficientnet_conf, b0)
    setting = [(1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2),
               (6, 3, 2, 40, 80, 3), (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4),
               (6, 3, 1, 192, 320, 1)]
    for si, (e, k, s, cin0, cout, reps) in enumerate(setting):
        for i in range(reps):
            stride = s if i == 0 else 1
            cin = cin0 if i == 0 else cout
            assert cin == c
            p = f"features.{si + 1}.{i}"
            exp = cin * e
            sq = max(1, cin // 4)
            use_res = stride == 1 and cin == cout
            if exp != cin:
                n.conv(p + ".expand", h, w, cin, exp, 1, 1, act="silu")
            ho, wo, _ = n.conv(p + ".depthwise", h, w, exp, exp, k, stride, groups=exp,
                               act="silu")
            n.add({"name": p + ".se", "op": "squeeze-excite", "in": shp(ho, wo, exp),
                   "reduced": sq})
            n.conv(p + ".project", ho, wo, exp, cout, 1, 1, residual=use_res)
            h, w, c = ho, wo, cout
    h, w, c = n.conv("features.8", h, w, c, 1280, 1, 1, act="silu")
    n.add({"name": "avgpool", "op": "global-avgpool", "in": shp(h, w, c), "out": shp(1, 1, c)})
    n.add({"name": "classifier.1", "op": "dense", "in": c, "out": 1000, "bias": True})
    return n


EFFNET_HEADER = """\
id: efficientnet-b0
name: EfficientNet-B0 (torchvision)
family: cnn
task: image-classification
sources:
  tan2019: "Tan & Le, EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks, ICML 2019, Table 1 (B0 baseline), https://arxiv.org/abs/1905.11946 (read 2026-11)"
  tv-code: "torchvision.models.efficientnet source: MBConvConfig for efficientnet_b0 (expand, kernel, stride, in, out, layers) = (1,3,1,32,16,1) (6,3,2,16,24,2) (6,5,2,24,40,2) (6,3,2,40,80,3) (6,5,1,80,112,3) (6,5,2,112,192,4) (6,3,1,192,320,1); SqueezeExcitation squeeze_channels = max(1, input_channels // 4) with biased 1x1 convs; head 1x1 conv to 1280, https://github.com/pytorch/vision/blob/main/torchvision/models/efficientnet.py (read 2026-11)"
  tv: "torchvision EfficientNet_B0_Weights.IMAGENET1K_V1 meta: num_params 5288548, _ops 0.386 (multiply-accumulates), https://pytorch.org/vision/stable/models.html (read 2026-11)"
published: {source: tv, params: 5.288548M, macs_per_sample: 0.386G}
notes: >-
  Layer list generated by models/tools/gen_cnn_profiles.py from torchvision's efficientnet_b0
  at 224x224. Each MBConv block is expand 1x1 (absent when the expand ratio is 1), depthwise
  KxK (groups = channels), squeeze-excite (bottleneck = a quarter of the block's input
  channels, applied on the expanded channels), linear project 1x1 with the residual add fused
  when stride is 1 and in/out channels match. SiLU activations; stochastic depth and dropout
  are identity at inference.
input: 224x224x3
"""


# ----------------------------------------------------------------------------- YOLOv8n
def yolov8n():
    n = Net()
    S = 640
    feats = {}

    def C(name, h, w, cin, cout, k, s=1, residual=False):
        return n.conv(name, h, w, cin, cout, k, s, act="silu", residual=residual)

    def c2f(p, h, w, cin, cout, reps, shortcut):
        c_ = cout // 2  # e = 0.5
        C(p + ".cv1", h, w, cin, 2 * c_, 1)
        parts = [shp(h, w, c_), shp(h, w, c_)]  # cv1 output chunked in two
        for i in range(reps):
            C(f"{p}.m.{i}.cv1", h, w, c_, c_, 3)
            C(f"{p}.m.{i}.cv2", h, w, c_, c_, 3, residual=shortcut)
            parts.append(shp(h, w, c_))
        n.add({"name": p + ".concat", "op": "concat", "in": parts,
               "out": shp(h, w, (2 + reps) * c_)})
        return C(p + ".cv2", h, w, (2 + reps) * c_, cout, 1)

    # backbone (width 0.25, depth 0.33, max_channels 1024)
    h, w, c = C("model.0", S, S, 3, 16, 3, 2)                  # P1/2 320
    h, w, c = C("model.1", h, w, c, 32, 3, 2)                  # P2/4 160
    h, w, c = c2f("model.2", h, w, c, 32, 1, True)
    h, w, c = C("model.3", h, w, c, 64, 3, 2)                  # P3/8 80
    h, w, c = c2f("model.4", h, w, c, 64, 2, True)
    feats[4] = (h, w, c)
    h, w, c = C("model.5", h, w, c, 128, 3, 2)                 # P4/16 40
    h, w, c = c2f("model.6", h, w, c, 128, 2, True)
    feats[6] = (h, w, c)
    h, w, c = C("model.7", h, w, c, 256, 3, 2)                 # P5/32 20
    h, w, c = c2f("model.8", h, w, c, 256, 1, True)
    # SPPF(k=5)
    c_ = c // 2
    C("model.9.cv1", h, w, c, c_, 1)
    for i in range(3):
        n.add({"name": f"model.9.m.{i}", "op": "maxpool", "in": shp(h, w, c_),
               "out": shp(h, w, c_), "kernel": "5x5"})
    n.add({"name": "model.9.concat", "op": "concat", "in": [shp(h, w, c_)] * 4,
           "out": shp(h, w, 4 * c_)})
    h, w, c = C("model.9.cv2", h, w, 4 * c_, 256, 1)
    feats[9] = (h, w, c)
    # head
    n.add({"name": "model.10", "op": "upsample", "in": shp(h, w, c), "out": shp(2 * h, 2 * w, c)})
    h, w = 2 * h, 2 * w
    c6 = feats[6][2]
    n.add({"name": "model.11", "op": "concat", "in": [shp(h, w, c), shp(h, w, c6)],
           "out": shp(h, w, c + c6)})
    h, w, c = c2f("model.12", h, w, c + c6, 128, 1, False)
    feats[12] = (h, w, c)
    n.add({"name": "model.13", "op": "upsample", "in": shp(h, w, c), "out": shp(2 * h, 2 * w, c)})
    h, w = 2 * h, 2 * w
    c4 = feats[4][2]
    n.add({"name": "model.14", "op": "concat", "in": [shp(h, w, c), shp(h, w, c4)],
           "out": shp(h, w, c + c4)})
    h, w, c = c2f("model.15", h, w, c + c4, 64, 1, False)       # P3 out
    feats[15] = (h, w, c)
    h, w, c = C("model.16", h, w, c, 64, 3, 2)
    c12 = feats[12][2]
    n.add({"name": "model.17", "op": "concat", "in": [shp(h, w, c), shp(h, w, c12)],
           "out": shp(h, w, c + c12)})
    h, w, c = c2f("model.18", h, w, c + c12, 128, 1, False)     # P4 out
    feats[18] = (h, w, c)
    h, w, c = C("model.19", h, w, c, 128, 3, 2)
    c9 = feats[9][2]
    n.add({"name": "model.20", "op": "concat", "in": [shp(h, w, c), shp(h, w, c9)],
           "out": shp(h, w, c + c9)})
    h, w, c = c2f("model.21", h, w, c + c9, 256, 1, False)      # P5 out
    feats[21] = (h, w, c)
    # Detect(nc=80, ch=(64, 128, 256)); reg_max 16
    nc, reg_max = 80, 16
    ch0 = feats[15][2]
    c2 = max(16, ch0 // 4, reg_max * 4)
    c3 = max(ch0, min(nc, 100))
    anchors = 0
    for i, src in enumerate([15, 18, 21]):
        h, w, c = feats[src]
        anchors += h * w
        p = f"model.22.cv2.{i}"
        C(p + ".0", h, w, c, c2, 3)
        C(p + ".1", h, w, c2, c2, 3)
        n.conv(p + ".2", h, w, c2, 4 * reg_max, 1, bias=True, norm=False)
        p = f"model.22.cv3.{i}"
        C(p + ".0", h, w, c, c3, 3)
        C(p + ".1", h, w, c3, c3, 3)
        n.conv(p + ".2", h, w, c3, nc, 1, bias=True, norm=False)
        n.add({"name": f"model.22.cat.{i}", "op": "concat",
               "in": [shp(h, w, 4 * reg_max), shp(h, w, nc)], "out": shp(h, w, 4 * reg_max + nc)})
    # DFL: box logits viewed as (4, reg_max, anchors), softmax over reg_max, 1x1 conv reg_max->1
    n.add({"name": "model.22.dfl.softmax", "op": "softmax", "in": shp(4, anchors, reg_max)})
    n.conv("model.22.dfl.conv", 4, anchors, reg_max, 1, 1, norm=False)
    return n


YOLO_HEADER = """\
id: yolov8n
name: YOLOv8n (Ultralytics, 640x640)
family: cnn
task: object-detection
sources:
  ul-yaml: "Ultralytics yolov8.yaml (scales n: [0.33, 0.25, 1024]; backbone Conv/C2f/SPPF, PAN head with Upsample/Concat/C2f, Detect on P3-P5), https://github.com/ultralytics/ultralytics/blob/main/ultralytics/cfg/models/v8/yolov8.yaml (read 2026-11)"
  ul-code: "Ultralytics ultralytics/nn/modules (Conv = Conv2d(bias=False)+BN+SiLU; C2f(e=0.5) with Bottleneck(3x3, 3x3, e=1.0); SPPF(k=5); Detect: reg_max 16, c2 = max(16, ch0//4, 4*reg_max), c3 = max(ch0, min(nc, 100)), cv2 = Conv3x3,Conv3x3,Conv2d1x1(4*reg_max), cv3 = Conv3x3,Conv3x3,Conv2d1x1(nc); DFL = fixed 1x1 conv 16->1), https://github.com/ultralytics/ultralytics/tree/main/ultralytics/nn/modules (read 2026-11)"
  ul-summary: "Ultralytics yolov8.yaml scale comment: 'YOLOv8n summary: 225 layers, 3157200 parameters, 3157184 gradients, 8.9 GFLOPs' (unfused model, BN counted) and the YOLOv8 docs table 'params 3.2M, FLOPs 8.7B at 640' (fused model); Ultralytics GFLOPs = 2 x thop MACs, https://docs.ultralytics.com/models/yolov8/ (read 2026-11)"
published: {source: ul-summary, params: 3.1572M, macs_per_sample: 4.35G}
notes: >-
  Layer list generated by models/tools/gen_cnn_profiles.py from yolov8.yaml at scale n
  (channels 16/32/64/128/256, C2f repeats 1/2/2/1 in the backbone and 1 in the head) at
  640x640 input (strides 8/16/32 give 80x80 + 40x40 + 20x20 = 8400 anchors). The C2f
  bottlenecks add their shortcut in the backbone (residual: true on the second 3x3 conv) and
  not in the head. The C2f 'split' is a view of cv1's output, listed as the first two
  operands of the block's concat. The published parameter count 3,157,200 is the unfused
  model and includes BN gamma/beta and the 16 fixed DFL weights. Ultralytics reports FLOPs
  as 2 x MACs measured by thop on the fused model (8.7 GFLOPs) - macs_per_sample here is
  8.7G / 2 = 4.35G; thop also counts one op per output element for each conv bias of the
  fused model, which the pure conv MAC count derived from this list does not (about 1-2 %).
  Post-processing (dist2bbox, sigmoid, NMS) is not listed.
input: 640x640x3
"""


# ----------------------------------------------------------------------------- YOLO11n
def yolo11n():
    n = Net()
    S = 640
    feats = {}

    def C(name, h, w, cin, cout, k, s=1, residual=False, groups=1, act="silu"):
        return n.conv(name, h, w, cin, cout, k, s, groups=groups, act=act, residual=residual)

    def bottleneck(p, h, w, c, e, shortcut=True):
        c_ = int(c * e)
        C(p + ".cv1", h, w, c, c_, 3)
        C(p + ".cv2", h, w, c_, c, 3, residual=shortcut)

    def c3k(p, h, w, c1, c2, reps=2):
        c_ = int(c2 * 0.5)
        C(p + ".cv1", h, w, c1, c_, 1)
        C(p + ".cv2", h, w, c1, c_, 1)
        for i in range(reps):
            bottleneck(f"{p}.m.{i}", h, w, c_, 1.0)
        n.add({"name": p + ".concat", "op": "concat", "in": [shp(h, w, c_)] * 2,
               "out": shp(h, w, 2 * c_)})
        C(p + ".cv3", h, w, 2 * c_, c2, 1)

    def c3k2(p, h, w, cin, cout, reps, use_c3k, e=0.5):
        c = int(cout * e)
        C(p + ".cv1", h, w, cin, 2 * c, 1)
        for i in range(reps):
            if use_c3k:
                c3k(f"{p}.m.{i}", h, w, c, c)
            else:
                bottleneck(f"{p}.m.{i}", h, w, c, 0.5)
        n.add({"name": p + ".concat", "op": "concat", "in": [shp(h, w, c)] * (2 + reps),
               "out": shp(h, w, (2 + reps) * c)})
        return C(p + ".cv2", h, w, (2 + reps) * c, cout, 1)

    def c2psa(p, h, w, c1):
        c = int(c1 * 0.5)
        heads = max(c // 64, 1)
        head_dim = c // heads
        key_dim = int(head_dim * 0.5)
        C(p + ".cv1", h, w, c1, 2 * c, 1)
        q = p + ".m.0"
        n.conv(q + ".attn.qkv", h, w, c, c + 2 * key_dim * heads, 1)
        # scores over key_dim, values over head_dim: the same MACs as one width of their mean
        n.add({"name": q + ".attn.core", "op": "attention", "tokens": h * w, "heads": heads,
               "head_dim": (key_dim + head_dim) // 2})
        n.conv(q + ".attn.pe", h, w, c, c, 3, groups=c)
        n.add({"name": q + ".attn.pe_add", "op": "add", "in": shp(h, w, c)})
        n.conv(q + ".attn.proj", h, w, c, c, 1, residual=True)
        C(q + ".ffn.0", h, w, c, 2 * c, 1)
        n.conv(q + ".ffn.1", h, w, 2 * c, c, 1, residual=True)
        n.add({"name": p + ".concat", "op": "concat", "in": [shp(h, w, c)] * 2,
               "out": shp(h, w, 2 * c)})
        return C(p + ".cv2", h, w, 2 * c, c1, 1)

    # backbone (depth 0.50 -> C3k2/C2PSA repeats 1; width 0.25 -> 16/32/64/128/256 channels)
    h, w, c = C("model.0", S, S, 3, 16, 3, 2)                     # P1/2 320
    h, w, c = C("model.1", h, w, c, 32, 3, 2)                     # P2/4 160
    h, w, c = c3k2("model.2", h, w, c, 64, 1, False, 0.25)
    h, w, c = C("model.3", h, w, c, 64, 3, 2)                     # P3/8 80
    h, w, c = c3k2("model.4", h, w, c, 128, 1, False, 0.25)
    feats[4] = (h, w, c)
    h, w, c = C("model.5", h, w, c, 128, 3, 2)                    # P4/16 40
    h, w, c = c3k2("model.6", h, w, c, 128, 1, True)
    feats[6] = (h, w, c)
    h, w, c = C("model.7", h, w, c, 256, 3, 2)                    # P5/32 20
    h, w, c = c3k2("model.8", h, w, c, 256, 1, True)
    c_ = c // 2                                                   # SPPF(k=5)
    C("model.9.cv1", h, w, c, c_, 1)
    for i in range(3):
        n.add({"name": f"model.9.m.{i}", "op": "maxpool", "in": shp(h, w, c_),
               "out": shp(h, w, c_), "kernel": "5x5"})
    n.add({"name": "model.9.concat", "op": "concat", "in": [shp(h, w, c_)] * 4,
           "out": shp(h, w, 4 * c_)})
    h, w, c = C("model.9.cv2", h, w, 4 * c_, 256, 1)
    h, w, c = c2psa("model.10", h, w, c)
    feats[10] = (h, w, c)
    # head
    n.add({"name": "model.11", "op": "upsample", "in": shp(h, w, c), "out": shp(2 * h, 2 * w, c)})
    h, w = 2 * h, 2 * w
    c6 = feats[6][2]
    n.add({"name": "model.12", "op": "concat", "in": [shp(h, w, c), shp(h, w, c6)],
           "out": shp(h, w, c + c6)})
    h, w, c = c3k2("model.13", h, w, c + c6, 128, 1, False)
    feats[13] = (h, w, c)
    n.add({"name": "model.14", "op": "upsample", "in": shp(h, w, c), "out": shp(2 * h, 2 * w, c)})
    h, w = 2 * h, 2 * w
    c4 = feats[4][2]
    n.add({"name": "model.15", "op": "concat", "in": [shp(h, w, c), shp(h, w, c4)],
           "out": shp(h, w, c + c4)})
    h, w, c = c3k2("model.16", h, w, c + c4, 64, 1, False)        # P3 out
    feats[16] = (h, w, c)
    h, w, c = C("model.17", h, w, c, 64, 3, 2)
    c13 = feats[13][2]
    n.add({"name": "model.18", "op": "concat", "in": [shp(h, w, c), shp(h, w, c13)],
           "out": shp(h, w, c + c13)})
    h, w, c = c3k2("model.19", h, w, c + c13, 128, 1, False)      # P4 out
    feats[19] = (h, w, c)
    h, w, c = C("model.20", h, w, c, 128, 3, 2)
    c10 = feats[10][2]
    n.add({"name": "model.21", "op": "concat", "in": [shp(h, w, c), shp(h, w, c10)],
           "out": shp(h, w, c + c10)})
    h, w, c = c3k2("model.22", h, w, c + c10, 256, 1, True)       # P5 out
    feats[22] = (h, w, c)
    # Detect(nc=80, ch=(64, 128, 256)); reg_max 16; the class branch is depthwise-separable
    nc, reg_max = 80, 16
    ch0 = feats[16][2]
    c2 = max(16, ch0 // 4, reg_max * 4)
    c3 = max(ch0, min(nc, 100))
    anchors = 0
    for i, src in enumerate([16, 19, 22]):
        h, w, c = feats[src]
        anchors += h * w
        p = f"model.23.cv2.{i}"
        C(p + ".0", h, w, c, c2, 3)
        C(p + ".1", h, w, c2, c2, 3)
        n.conv(p + ".2", h, w, c2, 4 * reg_max, 1, bias=True, norm=False)
        p = f"model.23.cv3.{i}"
        C(p + ".0.0", h, w, c, c, 3, groups=c)
        C(p + ".0.1", h, w, c, c3, 1)
        C(p + ".1.0", h, w, c3, c3, 3, groups=c3)
        C(p + ".1.1", h, w, c3, c3, 1)
        n.conv(p + ".2", h, w, c3, nc, 1, bias=True, norm=False)
        n.add({"name": f"model.23.cat.{i}", "op": "concat",
               "in": [shp(h, w, 4 * reg_max), shp(h, w, nc)], "out": shp(h, w, 4 * reg_max + nc)})
    n.add({"name": "model.23.dfl.softmax", "op": "softmax", "in": shp(4, anchors, reg_max)})
    n.conv("model.23.dfl.conv", 4, anchors, reg_max, 1, 1, norm=False)
    return n


# ----------------------------------------------------------------------------- RetinaNet (MLPerf)
def retinanet(num_classes=264, size=800):
    """MLPerf's RetinaNet: ResNeXt50_32x4d + FPN (P3-P7) + 4-conv heads, 9 anchors per place.

    The backbone's batch norms are FrozenBatchNorm2d: their scale and shift are buffers, not
    parameters, and fold into the convolutions at inference - so norm=False below.
    """
    n = Net()

    def C(name, h, w, cin, cout, k, s=1, groups=1, bias=False, residual=False, act="relu"):
        return n.conv(name, h, w, cin, cout, k, s, groups=groups, bias=bias, norm=False, act=act,
                      residual=residual)

    h, w, c = C("backbone.body.conv1", size, size, 3, 64, 7, 2)
    n.add({"name": "backbone.body.maxpool", "op": "maxpool", "in": shp(h, w, c),
           "out": shp(h // 2, w // 2, c), "kernel": "3x3"})
    h, w = h // 2, w // 2
    feats = {}
    groups, width_per_group = 32, 4
    for li, (planes, nblocks) in enumerate(zip([64, 128, 256, 512], [3, 4, 6, 3])):
        width = planes * width_per_group // 64 * groups
        out = planes * 4
        for b in range(nblocks):
            stride = 2 if (b == 0 and li > 0) else 1
            p = f"backbone.body.layer{li + 1}.{b}"
            C(p + ".conv1", h, w, c, width, 1)
            h2, w2, _ = C(p + ".conv2", h, w, width, width, 3, stride, groups=groups)
            C(p + ".conv3", h2, w2, width, out, 1, residual=True)
            if b == 0:
                C(p + ".downsample", h, w, c, out, 1, stride, act=None)
            h, w, c = h2, w2, out
        feats[li + 1] = (h, w, c)
    # FPN over C3-C5 (layer2-4): 1x1 lateral and 3x3 output convs with bias, top-down upsampling
    levels = []
    top = None
    for i, li in reversed(list(enumerate([2, 3, 4]))):
        h, w, c = feats[li]
        C(f"backbone.fpn.inner_blocks.{i}", h, w, c, 256, 1, bias=True, act=None)
        if top is not None:
            n.add({"name": f"backbone.fpn.upsample.{i}", "op": "upsample", "in": shp(*top, 256),
                   "out": shp(h, w, 256)})
            n.add({"name": f"backbone.fpn.add.{i}", "op": "add", "in": shp(h, w, 256)})
        C(f"backbone.fpn.layer_blocks.{i}", h, w, 256, 256, 3, bias=True, act=None)
        top = (h, w)
        levels.insert(0, (h, w))
    # LastLevelP6P7(256, 256): P6 from P5, P7 from relu(P6), 3x3 stride 2 with bias
    h, w = levels[-1]
    h, w, _ = C("backbone.fpn.extra_blocks.p6", h, w, 256, 256, 3, 2, bias=True, act=None)
    levels.append((h, w))
    h, w, _ = C("backbone.fpn.extra_blocks.p7", h, w, 256, 256, 3, 2, bias=True, act=None)
    levels.append((h, w))
    anchors = 9
    for head, outputs in (("classification_head", anchors * num_classes),
                          ("regression_head", anchors * 4)):
        last = "cls_logits" if head == "classification_head" else "bbox_reg"
        # One set of weights serves all five levels. Each head conv is listed once over the
        # positions of P3-P7 laid side by side (a 1 x sum(h*w) map): the same MACs and traffic
        # as five per-level convs, with the shared weights counted (and read) once.
        places = sum(h * w for h, w in levels)
        for j in range(4):
            n.add({"name": f"head.{head}.conv.{2 * j}", "op": "conv2d", "in": shp(1, places, 256),
                   "out": shp(1, places, 256), "kernel": "3x3", "bias": True, "act": "relu"})
        n.add({"name": f"head.{head}.{last}", "op": "conv2d", "in": shp(1, places, 256),
               "out": shp(1, places, outputs), "kernel": "3x3", "bias": True})
    return n


RETINANET_HEADER = """\
id: retinanet
name: RetinaNet ResNeXt50-32x4d FPN (MLPerf Inference, 800x800, OpenImages 264 classes)
family: cnn
task: object-detection
sources:
  mlperf-train: "MLCommons training single_stage_detector/README.md: 800x800 input, ResNeXt50_32x4d backbone table (1x1, 3x3 groups=32, 1x1 bottlenecks, 3/4/6/3 blocks, widths 128/256/512/1024, outputs 256/512/1024/2048), the MLPerf OpenImages subset of 264 classes, 24,781 validation images, https://github.com/mlcommons/training/blob/master/single_stage_detector/README.md (read 2026-12)"
  mlperf-code: "MLCommons training single_stage_detector/ssd/model/retinanet.py: resnet_fpn_backbone(returned_layers=[2, 3, 4], extra_blocks=LastLevelP6P7(256, 256)); classification and regression heads of 4 x (Conv2d 3x3 256->256 with bias, ReLU), then cls_logits Conv2d 3x3 to anchors*classes and bbox_reg Conv2d 3x3 to anchors*4; anchors: 3 sizes x 3 aspect ratios per place; image_size 800x800, https://github.com/mlcommons/training/blob/master/single_stage_detector/ssd/model/retinanet.py (read 2026-12)"
  mlperf-inf: "MLCommons inference vision/classification_and_detection/README.md: 'retinanet 800x800 | pytorch | mAP 0.3755 | OpenImages mlperf validation set resized to 800x800', weights resnext50_32x4d_fpn.pth (zenodo 6617981); docs/index.md lists its 'Number of Parameters: TBD', https://github.com/mlcommons/inference (read 2026-12)"
  tv-resnext: "torchvision resnet.py ResNeXt50_32X4D_Weights.IMAGENET1K_V1 meta: num_params 25028904, _ops 4.23 (GMACs at 224x224), https://github.com/pytorch/vision/blob/main/torchvision/models/resnet.py (read 2026-12)"
  kalray: "Kalray KaNN model zoo, object-detection table: 'RetinaNet-resnext50 MLPERF | 299.6 G FLOPs | 37.9 M params | 800x800', all models of that table trained on COCO 2017 (80 classes), https://github.com/kalray/kann-model-zoo/blob/main/networks/object-detection/README.md (read 2026-12)"
published: {source: mlperf-inf}
notes: >-
  Layer list generated by models/tools/gen_cnn_profiles.py from the MLPerf training reference
  model (the inference benchmark runs its weights). Backbone: ResNeXt50_32x4d (torchvision
  Bottleneck with stride on the grouped 3x3); its batch norms are FrozenBatchNorm2d, whose
  scale and shift are buffers and fold into the convolutions, so they are not parameters.
  FPN: 1x1 laterals and 3x3 outputs (with bias) on C3-C5 at 100x100, 50x50 and 25x25, and P6,
  P7 (13x13, 7x7) from 3x3 stride-2 convs. The two heads share their weights across the five
  levels: each head conv is listed once over the 13,343 places of P3-P7 laid side by side
  (a 1x13343 map), which gives the MACs and traffic of five per-level convs and counts the
  weights once; 120,087 anchors. No published parameter or FLOP count for the 264-class
  model was found (MLCommons lists the parameters as TBD), so published: holds none. Checks
  instead: the backbone part derives 22,911,680 parameters = torchvision's 25,028,904 less its
  fc (2,049,000) and BN scale/shift (68,224), and 4.23 GMACs at 224x224 as torchvision's
  _ops; with an 80-class head the same list gives 150.3 GMACs = 300.6 GFLOPs, within 0.4 %
  of Kalray's 299.6 G for its COCO-trained 800x800 variant (Kalray's 37.9 M parameters do
  not match an 80-class head, 33.2 M, and were not used). Derived here: 37.06 M parameters
  and 201 GMACs per image, 73 G of them in the 264-class cls_logits conv. Anchor decoding,
  top-k and NMS are not listed.
input: 800x800x3
"""


# ----------------------------------------------------------------------------- 3D U-Net (MLPerf)
def shp3(d, h, w, c):
    return f"{d}x{h}x{w}x{c}"


def unet3d(roi=128, patches=None):
    """MLPerf's KiTS19 3D U-Net (mlcommons/training image_segmentation/pytorch/model): filters
    32/64/128/256/320, two 3x3x3 convs per level (bias-free, instance norm with affine scale and
    shift, ReLU), stride-2 convs down, 2x2x2 transposed convs (with bias) up, 1x1x1 output conv to
    3 classes. One patch is a 1-channel 128^3 sub-volume; `patches` wraps it in a group that runs
    that many times per sample."""
    layers = []

    def conv(name, d, cin, cout, stride=1):
        do = d // stride
        layers.append({"name": name, "op": "conv3d", "in": shp3(d, d, d, cin),
                       "out": shp3(do, do, do, cout), "kernel": "3x3x3", "act": "relu"})
        layers.append({"name": name + ".norm", "op": "instancenorm", "in": shp3(do, do, do, cout)})
        return do

    filters = [32, 64, 128, 256, 320]
    d = roi
    d = conv("input_block.conv1", d, 1, filters[0])
    d = conv("input_block.conv2", d, filters[0], filters[0])
    skips = [(d, filters[0])]
    for i, (cin, cout) in enumerate(zip(filters[:-1], filters[1:])):
        d = conv(f"downsample.{i}.conv1", d, cin, cout, 2)
        d = conv(f"downsample.{i}.conv2", d, cout, cout)
        skips.append((d, cout))
    d = conv("bottleneck.conv1", d, filters[-1], filters[-1], 2)
    d = conv("bottleneck.conv2", d, filters[-1], filters[-1])
    ups = [(filters[-1], filters[-1])] + list(zip(reversed(filters[1:]), reversed(filters[:-1])))
    for i, ((cin, cout), (sd, sc)) in enumerate(zip(ups, reversed(skips))):
        layers.append({"name": f"upsample.{i}.upsample_conv", "op": "conv-transpose3d",
                       "in": shp3(d, d, d, cin), "out": shp3(2 * d, 2 * d, 2 * d, cout),
                       "kernel": "2x2x2", "bias": True})
        d = 2 * d
        assert d == sd
        layers.append({"name": f"upsample.{i}.concat", "op": "concat",
                       "in": [shp3(d, d, d, cout), shp3(d, d, d, sc)],
                       "out": shp3(d, d, d, cout + sc)})
        conv(f"upsample.{i}.conv1", d, cout + sc, cout)
        conv(f"upsample.{i}.conv2", d, cout, cout)
    layers.append({"name": "output.conv", "op": "conv3d", "in": shp3(d, d, d, filters[0]),
                   "out": shp3(d, d, d, 3), "kernel": "1x1x1", "bias": True})
    # sliding window: each patch's logits are weighted by a Gaussian and accumulated
    layers.append({"name": "window.gaussian_weight", "op": "mul", "in": shp3(d, d, d, 3)})
    layers.append({"name": "window.accumulate", "op": "add", "in": shp3(d, d, d, 3)})
    n = Net()
    if patches is None:
        n.layers = layers
    else:
        n.layers = [{"group": "sliding_window", "repeat": patches,
                     "note": "128^3 sub-volumes per KiTS19 case, MLPerf inference set average",
                     "list": layers}]
    return n


UNET3D_HEADER = """\
id: 3d-unet
name: 3D U-Net (MLPerf Inference, KiTS19, 128^3 sliding window)
family: cnn
task: medical-image-segmentation
sources:
  mlperf-train: "MLCommons training image_segmentation/pytorch/model/unet3d.py and layers.py: Unet3D(in_channels=1, n_class=3), filters [32, 64, 128, 256, 320]; InputBlock, 4 DownsampleBlocks, a bottleneck DownsampleBlock, 5 UpsampleBlocks, 1x1x1 OutputLayer; conv_block = Conv3d 3x3x3 (bias only without normalization) + InstanceNorm3d(affine=True) + activation; downsampling by stride-2 conv; upsampling by ConvTranspose3d kernel 2 stride 2 with bias, then concat with the skip and two conv blocks, https://github.com/mlcommons/training/tree/master/image_segmentation/pytorch/model (read 2026-12)"
  mlperf-inf: "MLCommons inference vision/medical_imaging/3d-unet-kits19: global_vars.py ROI_SHAPE [128, 128, 128], SLIDE_OVERLAP_FACTOR 0.5, TARGET_SPACING [1.6, 1.2, 1.2]; inference_utils.get_slice_for_sliding_window: stride = 128 x (1 - 0.5) = 64 and (size - 128) // 64 + 1 windows per axis over the padded volume; meta/inference_cases.json: 43 cases, the last, case_00400, a duplicate of case_00185 (README: 'duplicate case_00185 as case_00400'); weights zenodo 5597155, https://github.com/mlcommons/inference/tree/master/vision/medical_imaging/3d-unet-kits19 (read 2026-12)"
  mlperf-docs: "MLCommons inference docs/index.md, 3d-unet: 'Number of Parameters: 32.5 million' (its comment points at the nnU-Net paper, arXiv 1809.10483), 'FLOPs: 100-300 billion', 'Equal Issue mode: True', https://github.com/mlcommons/inference/blob/master/docs/index.md (read 2026-12)"
  itu-e3: "itu-rad/collocation-benchmark evaluation/unet3d/results_cuda_r1.csv: for each of the 42 distinct inference cases, the preprocessed image_shape and n_subvolumes of the MLPerf sliding window (8 to 144; 2,636 in all; case_00185: 384x384x384, 125), measured with a port of the reference preprocessing, https://github.com/itu-rad/collocation-benchmark (read 2026-12)"
published: {source: mlperf-docs}
notes: >-
  One sample of the benchmark is one KiTS19 CT volume, which the reference segments with a
  sliding window of 128^3 patches at half overlap. The layer list is one patch (generated by
  models/tools/gen_cnn_profiles.py from the MLPerf training model that produced the weights),
  wrapped in a group that repeats it 64.21 times per sample: the inference set's 43 cases
  hold 2,761 patches (2,636 over the 42 distinct cases in itu-e3, each count equal to the
  reference's formula applied to the listed shape, plus 125 for case_00400, the duplicate of
  case_00185), and under Equal Issue mode every case is issued equally often, so the mean is
  2,761 / 43 = 64.21. The patches run one after another as in the reference, each reading the
  weights again (38 MB in 16 bits against several GB of activations per patch). Per patch
  the derivation gives 477 GMACs (955 GFLOPs) and 30.6 TMACs per sample. Each patch's
  logits are weighted by a Gaussian and accumulated (the mul and add); padding, the final
  normalisation and the argmax are not listed. Published figures: no parameter count for this
  model was found. MLCommons lists 32.5 million from the nnU-Net paper's network; the
  derivation gives 31.19 million (conv weights, instance-norm scales and shifts, transposed-
  conv and output biases), 4 % less, consistent with the 119 MiB fp32 checkpoint itu-e3
  names (31.19 M x 4 bytes = 119.0 MiB). MLCommons' 'FLOPs: 100-300 billion' matches neither
  a patch nor a sample and is not used.
input: 128x128x128x1
"""


# ----------------------------------------------------------------------------- RNN-T (MLPerf)
def rnnt(frames, stacked, decode_steps):
    """MLPerf's RNN-T (mlcommons/inference speech_recognition/rnnt, configs/rnnt.toml): encoder of
    2 + 3 LSTM layers of 1024 with a time stack of 2 between them, prediction network of an
    embedding and 2 LSTM layers of 320, joint network 1344 -> 512 -> 29, greedy decoding.
    `frames`, `stacked` and `decode_steps` are per-utterance averages (each given as YAML text
    citing its source)."""
    n = Net()
    n.add({"name": "encoder.pre_rnn.0", "op": "lstm", "in": 240, "hidden": 1024, "steps": frames})
    n.add({"name": "encoder.pre_rnn.1", "op": "lstm", "in": 1024, "hidden": 1024,
           "steps": frames})
    n.add({"name": "encoder.post_rnn.0", "op": "lstm", "in": 2048, "hidden": 1024,
           "steps": stacked})
    for i in (1, 2):
        n.add({"name": f"encoder.post_rnn.{i}", "op": "lstm", "in": 1024, "hidden": 1024,
               "steps": stacked})
    step = [
        {"name": "prediction.embed", "op": "embedding", "rows": 28, "dim": 320,
         "pooling": "none"},
        {"name": "prediction.dec_rnn.0", "op": "lstm", "in": 320, "hidden": 320, "steps": 1,
         "input": "per-step"},
        {"name": "prediction.dec_rnn.1", "op": "lstm", "in": 320, "hidden": 320, "steps": 1,
         "input": "per-step"},
        {"name": "joint.net.0", "op": "dense", "in": 1344, "out": 512, "bias": True,
         "act": "relu"},
        {"name": "joint.net.3", "op": "dense", "in": 512, "out": 29, "bias": True},
    ]
    n.add({"group": "greedy_decode", "repeat": decode_steps,
           "note": "one prediction + joint step per attempt: encoder frames + emitted symbols",
           "list": step})
    return n


RNNT_HEADER = """\
id: rnn-t
name: RNN-T (MLPerf Inference, LibriSpeech dev-clean)
family: rnn
task: speech-recognition
sources:
  mlperf-rnnt: "MLCommons inference retired_benchmarks/speech_recognition/rnnt: pytorch/configs/rnnt.toml (80 log-mel features every 10 ms, frame_splicing 3, encoder_n_hidden 1024, encoder_pre_rnn_layers 2, encoder_stack_time_factor 2, encoder_post_rnn_layers 3, pred_n_hidden 320, pred_rnn_layers 2, joint_n_hidden 512, 28 labels + blank); pytorch/model_separable_rnnt.py (torch.nn.LSTM layers, Embedding(vocab - 1, 320), joint Linear(320 + 1024, 512), ReLU, Linear(512, 29)); pytorch/parts/features.py get_seq_len (frames = ceil(ceil(samples / 160) / 3)); decoders.py (greedy decoding: for every encoder frame, prediction + joint steps until a blank, at most 30 symbols; the prediction network is re-run at every attempt); QSL.py (max_duration 15.0 s); README ('dev-clean ... We remove all samples with a length exceeding 15 seconds'), https://github.com/mlcommons/inference/tree/master/retired_benchmarks/speech_recognition/rnnt (read 2026-12)"
  mlperf-data: "MLCommons inference retired_benchmarks/speech_recognition/rnnt/dev-clean-wav.json: 2,703 LibriSpeech dev-clean utterances with num_samples and transcript; the 2,513 of at most 15 s average 6.25 s, 208.79 spliced frames (30 ms), 104.64 frames after the time stack (60 ms) and 92.90 transcript characters, computed from that file with the reference's frame formula (read 2026-12)"
published: {source: mlperf-rnnt}
notes: >-
  One sample is one utterance; its work depends on the audio length, so the per-step layers
  run the MLPerf data set's average number of times (mlperf-data). Encoder: LSTM 240->1024
  and 1024->1024 over 208.79 frames, the time stack of 2 (a reshape, not listed), then LSTM
  2048->1024 and two 1024->1024 over 104.64 frames; each lstm entry is the input projection of
  all frames (one GEMM) and the recurrence run frame by frame. Greedy decoding: one attempt
  per encoder frame that ends in a blank plus one per emitted character, 104.64 + 92.90 =
  197.54 attempts, each an embedding lookup, the two prediction LSTM layers of 320 (one step,
  its input fed back) and the joint network; the emitted characters are taken as the
  reference transcript's length (the benchmark's word error rate is a few per cent). The
  reference re-runs the prediction network at every attempt, as listed; an implementation
  that caches it across blanks runs it 93.90 times. Parameters derived: 45.32 M (PyTorch
  LSTMs carry two bias vectors). No published parameter or FLOP count for this model was
  found; published: holds none. Feature extraction (STFT, log-mel) runs inside the measured
  time in MLPerf but is not listed.
"""


# ----------------------------------------------------------------------------- SDXL (MLPerf)
def clip_text(prefix, layers, hidden, heads, ffn, vocab=49408, positions=77, projection=None):
    """A CLIP text transformer (Hugging Face CLIPTextModel): token and position embeddings,
    pre-norm blocks of self-attention (q, k, v, out with bias) and a two-layer MLP, final norm."""
    t = positions
    out = [
        {"name": f"{prefix}.embeddings.token_embedding", "op": "embedding", "rows": vocab,
         "dim": hidden, "lookups": t, "pooling": "none"},
        {"name": f"{prefix}.embeddings.position_embedding", "op": "embedding",
         "rows": positions, "dim": hidden, "lookups": t, "pooling": "none"},
    ]
    for i in range(layers):
        p = f"{prefix}.encoder.layers.{i}"
        out += [
            {"name": p + ".layer_norm1", "op": "layernorm", "in": f"{t}x{hidden}"},
            {"name": p + ".self_attn.qkv", "op": "dense", "in": hidden, "out": 3 * hidden,
             "tokens": t, "bias": True},
            {"name": p + ".self_attn.core", "op": "attention", "tokens": t, "heads": heads,
             "head_dim": hidden // heads},
            {"name": p + ".self_attn.out_proj", "op": "dense", "in": hidden, "out": hidden,
             "tokens": t, "bias": True},
            {"name": p + ".layer_norm2", "op": "layernorm", "in": f"{t}x{hidden}"},
            {"name": p + ".mlp.fc1", "op": "dense", "in": hidden, "out": ffn, "tokens": t,
             "bias": True},
            {"name": p + ".mlp.fc2", "op": "dense", "in": ffn, "out": hidden, "tokens": t,
             "bias": True},
        ]
    out.append({"name": f"{prefix}.final_layer_norm", "op": "layernorm", "in": f"{t}x{hidden}"})
    if projection:
        out.append({"name": f"{prefix}.text_projection", "op": "dense", "in": hidden,
                    "out": projection})
    return out


def sdxl_unet():
    """diffusers UNet2DConditionModel with the SDXL base config, one step on one latent."""
    L = []
    temb = 1280

    def conv(name, h, cin, cout, k=3, s=1, residual=False):
        ho = h // s
        d = {"name": name, "op": "conv2d", "in": shp(h, h, cin), "out": shp(ho, ho, cout),
             "kernel": f"{k}x{k}", "bias": True}
        if residual:
            d["residual"] = True
        L.append(d)
        return ho

    def gn(name, h, c):
        L.append({"name": name, "op": "groupnorm", "in": shp(h, h, c)})

    def resnet(p, h, cin, cout):
        gn(p + ".norm1", h, cin)
        conv(p + ".conv1", h, cin, cout)
        L.append({"name": p + ".time_emb_proj", "op": "dense", "in": temb, "out": cout,
                  "bias": True})
        gn(p + ".norm2", h, cout)
        if cin != cout:
            conv(p + ".conv_shortcut", h, cin, cout, k=1)
        conv(p + ".conv2", h, cout, cout, residual=True)

    def dense(name, cin, cout, tokens, bias):
        d = {"name": name, "op": "dense", "in": cin, "out": cout, "tokens": tokens}
        if bias:
            d["bias"] = True
        L.append(d)

    def transformer(p, h, c, depth, context=77, cross=2048):
        t = h * h
        heads = c // 64
        gn(p + ".norm", h, c)
        dense(p + ".proj_in", c, c, t, True)
        for i in range(depth):
            b = f"{p}.transformer_blocks.{i}"
            L.append({"name": b + ".norm1", "op": "layernorm", "in": f"{t}x{c}"})
            dense(b + ".attn1.to_qkv", c, 3 * c, t, False)
            L.append({"name": b + ".attn1.core", "op": "attention", "tokens": t, "heads": heads,
                      "head_dim": 64})
            dense(b + ".attn1.to_out", c, c, t, True)
            L.append({"name": b + ".norm2", "op": "layernorm", "in": f"{t}x{c}"})
            dense(b + ".attn2.to_q", c, c, t, False)
            dense(b + ".attn2.to_kv", cross, 2 * c, context, False)
            L.append({"name": b + ".attn2.core", "op": "attention", "tokens": t,
                      "context": context, "heads": heads, "head_dim": 64})
            dense(b + ".attn2.to_out", c, c, t, True)
            L.append({"name": b + ".norm3", "op": "layernorm", "in": f"{t}x{c}"})
            dense(b + ".ff.geglu.proj", c, 8 * c, t, True)
            L.append({"name": b + ".ff.geglu.gate", "op": "mul", "in": f"{t}x{4 * c}"})
            dense(b + ".ff.out", 4 * c, c, t, True)
        dense(p + ".proj_out", c, c, t, True)
        L.append({"name": p + ".residual", "op": "add", "in": shp(h, h, c)})

    # time and added-condition embeddings (6 size/crop ids x 256 + pooled text 1280 = 2816)
    dense("time_embedding.linear_1", 320, temb, 1, True)
    dense("time_embedding.linear_2", temb, temb, 1, True)
    dense("add_embedding.linear_1", 2816, temb, 1, True)
    dense("add_embedding.linear_2", temb, temb, 1, True)
    h = 128
    conv("conv_in", h, 4, 320)
    skips = [(h, 320)]
    chans = [320, 640, 1280]
    depth = [0, 2, 10]
    c = 320
    for bi, co in enumerate(chans):
        for j in range(2):
            resnet(f"down_blocks.{bi}.resnets.{j}", h, c, co)
            c = co
            if depth[bi]:
                transformer(f"down_blocks.{bi}.attentions.{j}", h, c, depth[bi])
            skips.append((h, c))
        if bi < 2:
            h = conv(f"down_blocks.{bi}.downsamplers.0.conv", h, c, c, s=2)
            skips.append((h, c))
    resnet("mid_block.resnets.0", h, c, c)
    transformer("mid_block.attentions.0", h, c, 10)
    resnet("mid_block.resnets.1", h, c, c)
    for bi, co in enumerate(reversed(chans)):
        d = list(reversed(depth))[bi]
        for j in range(3):
            sh, sc = skips.pop()
            assert sh == h
            L.append({"name": f"up_blocks.{bi}.concat.{j}", "op": "concat",
                      "in": [shp(h, h, c), shp(h, h, sc)], "out": shp(h, h, c + sc)})
            resnet(f"up_blocks.{bi}.resnets.{j}", h, c + sc, co)
            c = co
            if d:
                transformer(f"up_blocks.{bi}.attentions.{j}", h, c, d)
        if bi < 2:
            L.append({"name": f"up_blocks.{bi}.upsamplers.0.interpolate", "op": "upsample",
                      "in": shp(h, h, c), "out": shp(2 * h, 2 * h, c)})
            h *= 2
            conv(f"up_blocks.{bi}.upsamplers.0.conv", h, c, c)
    assert not skips
    gn("conv_norm_out", h, c)
    conv("conv_out", h, c, 4)
    return L


def sdxl_vae_decoder():
    """diffusers AutoencoderKL decoder with the SDXL VAE config: latent 128x128x4 to 1024x1024."""
    L = []

    def conv(name, h, cin, cout, k=3, residual=False):
        d = {"name": name, "op": "conv2d", "in": shp(h, h, cin), "out": shp(h, h, cout),
             "kernel": f"{k}x{k}", "bias": True}
        if residual:
            d["residual"] = True
        L.append(d)

    def gn(name, h, c):
        L.append({"name": name, "op": "groupnorm", "in": shp(h, h, c)})

    def resnet(p, h, cin, cout):
        gn(p + ".norm1", h, cin)
        conv(p + ".conv1", h, cin, cout)
        gn(p + ".norm2", h, cout)
        if cin != cout:
            conv(p + ".conv_shortcut", h, cin, cout, k=1)
        conv(p + ".conv2", h, cout, cout, residual=True)

    h = 128
    conv("post_quant_conv", h, 4, 4, k=1)
    conv("decoder.conv_in", h, 4, 512)
    resnet("decoder.mid_block.resnets.0", h, 512, 512)
    t = h * h
    gn("decoder.mid_block.attentions.0.group_norm", h, 512)
    L.append({"name": "decoder.mid_block.attentions.0.to_qkv", "op": "dense", "in": 512,
              "out": 1536, "tokens": t, "bias": True})
    L.append({"name": "decoder.mid_block.attentions.0.core", "op": "attention", "tokens": t,
              "heads": 1, "head_dim": 512})
    L.append({"name": "decoder.mid_block.attentions.0.to_out", "op": "dense", "in": 512,
              "out": 512, "tokens": t, "bias": True})
    L.append({"name": "decoder.mid_block.attentions.0.residual", "op": "add",
              "in": shp(h, h, 512)})
    resnet("decoder.mid_block.resnets.1", h, 512, 512)
    c = 512
    for bi, co in enumerate([512, 512, 256, 128]):
        for j in range(3):
            resnet(f"decoder.up_blocks.{bi}.resnets.{j}", h, c, co)
            c = co
        if bi < 3:
            L.append({"name": f"decoder.up_blocks.{bi}.upsamplers.0.interpolate",
                      "op": "upsample", "in": shp(h, h, c), "out": shp(2 * h, 2 * h, c)})
            h *= 2
            conv(f"decoder.up_blocks.{bi}.upsamplers.0.conv", h, c, c)
    gn("decoder.conv_norm_out", h, c)
    conv("decoder.conv_out", h, c, 3)
    return L


def sdxl(steps=20):
    n = Net()
    text = (clip_text("text_encoder", 12, 768, 12, 3072)
            + clip_text("text_encoder_2", 32, 1280, 20, 5120, projection=1280))
    n.layers = [
        {"group": "text_encoders", "batch": 2,
         "note": "prompt and negative prompt, 77 tokens each, through both encoders once",
         "list": text},
        {"group": "unet", "repeat": steps, "batch": 2,
         "note": "20 Euler steps, each on the conditional and unconditional latent (CFG)",
         "list": [{"name": "unet." + d["name"], **{k: v for k, v in d.items() if k != "name"}}
                  for d in sdxl_unet()]},
        {"group": "vae", "note": "one decode of the final latent to 1024x1024",
         "list": sdxl_vae_decoder()},
    ]
    return n


SDXL_HEADER = """\
id: sdxl
name: Stable Diffusion XL 1.0 base (MLPerf Inference, 1024x1024, 20 steps)
family: diffusion
task: text-to-image
sources:
  mlperf-t2i: "MLCommons inference text_to_image/backend_pytorch.py: StableDiffusionXLPipeline from stabilityai/stable-diffusion-xl-base-1.0 with EulerDiscreteScheduler, steps 20, guidance 8 (classifier-free guidance: the UNet runs on the conditional and the unconditional latent), negative prompt 'normal quality, low quality, worst quality, low res, blurry, nsfw, nude' tokenized to 77 tokens for both tokenizers and encoded with the prompt; README: dataset coco-1024 (1024x1024 images), https://github.com/mlcommons/inference/tree/master/text_to_image (read 2026-12)"
  mlperf-docs: "MLCommons inference docs/index.md, Stable Diffusion: 'Number of Parameters: 3.5 billion' (taken from Stability AI's SDXL 1.0 announcement), 'FLOPs: 1.28 - 2.4 trillion', dataset a 5,000-prompt subset of COCO 2014, https://github.com/mlcommons/inference/blob/master/docs/index.md (read 2026-12)"
  sdxl-unet: "stabilityai/stable-diffusion-xl-base-1.0 unet/config.json (Hugging Face), as quoted verbatim in public code that builds the UNet from it (maxdiffusion's UNet smoke test; code index): UNet2DConditionModel, sample_size 128, in/out channels 4, block_out_channels [320, 640, 1280], down DownBlock2D, CrossAttnDownBlock2D x2, up CrossAttnUpBlock2D x2, UpBlock2D, layers_per_block 2, transformer_layers_per_block [1, 2, 10] (none in the DownBlock2D/UpBlock2D level), attention_head_dim [5, 10, 20] (heads of 64), cross_attention_dim 2048, addition_embed_type text_time, addition_time_embed_dim 256, projection_class_embeddings_input_dim 2816, use_linear_projection true, norm_num_groups 32; SDXL VAE: block_out_channels [128, 256, 512, 512], layers_per_block 2, latent_channels 4, force_upcast true (read 2026-12)"
  diffusers: "Hugging Face diffusers ResnetBlock2D (GroupNorm, 3x3 conv, time_emb_proj, GroupNorm, 3x3 conv, 1x1 conv_shortcut when channels change), Transformer2DModel with linear projection and BasicTransformerBlock (LayerNorm; self-attention q, k, v without bias, out with bias; LayerNorm; cross-attention to the 2048-wide text states; LayerNorm; GEGLU feed-forward C -> 8C -> gate -> 4C -> C), Downsample2D (3x3 stride-2 conv), Upsample2D (nearest x2 then 3x3 conv), AutoencoderKL decoder (conv_in, mid block of 2 resnets around single-head attention, 4 up blocks of 3 resnets, GroupNorm, conv_out) and transformers CLIPTextModel / CLIPTextModelWithProjection (CLIP ViT-L/14 text: 12 layers of 768, 12 heads, MLP 3072; OpenCLIP ViT-bigG/14 text: 32 layers of 1280, 20 heads, MLP 5120, 1280x1280 text projection; vocabulary 49408, 77 positions), https://github.com/huggingface/diffusers (read 2026-12)"
published: {source: mlperf-docs, params: 3.5B}
notes: >-
  One sample of the benchmark is one 1024x1024 image, composed as three groups in the layer
  list: (1) the two text encoders run once on two 77-token sequences, the prompt and the
  negative prompt (group text_encoders, batch 2); (2) the UNet runs 20 times, once per Euler
  step, each time on two copies of the 128x128x4 latent for classifier-free guidance (group
  unet, repeat 20, batch 2): 40 UNet evaluations per image, 20 sequential launches of each
  layer, each reading the UNet's 2.57 B weights; (3) the VAE decoder runs once on the final
  latent (group vae). Derived per image: 111 GMACs in the text encoders, 135.2 TMACs in the
  UNet (3.38 TMACs per evaluation) and 5.24 TMACs in the VAE decoder (its single-head
  attention over 16,384 tokens alone 275 GMACs), 140.6 TMACs = 281 TFLOPs in all. Parameters
  derived: UNet 2,567,463,684, text encoders 123,060,480 + 694,659,840, VAE decoder with its
  post-quant conv 49,490,199 - 3.435 B in all, 1.9 % under MLCommons' rounded 3.5 B, which
  also counts the VAE encoder that text-to-image never runs. The UNet and text-encoder counts
  equal the module parameter counts public code prints for the released weights (2,567,463,684
  and 817,720,320). MLCommons' 'FLOPs: 1.28 - 2.4 trillion' matches neither one UNet
  evaluation nor an image and is not used. Not listed: the scheduler arithmetic and the CFG
  combination (element-wise on the 64 K-element latent), the sinusoidal time embeddings, the
  tokenizer and image post-processing. SDXL uses the penultimate hidden state of both
  encoders; the last CLIP-L layer still runs in the reference pipeline and is listed. The
  reference upcasts the VAE to fp32 (force_upcast); the precision of a run is chosen by the
  simulation, not here.
"""


YOLO11_HEADER = """\
id: yolo11n
name: YOLO11n (Ultralytics, 640x640)
family: cnn
task: object-detection
sources:
  ul11-yaml: "Ultralytics yolo11.yaml (scales n: [0.50, 0.25, 1024]; backbone Conv/C3k2/SPPF/C2PSA, head Upsample/Concat/C3k2, Detect on P3-P5; C3k2 c3k=True in layers 6, 8 and 22) and its scale comment 'YOLO11n summary: 319 layers, 2624080 parameters, 2624064 gradients, 6.6 GFLOPs', https://github.com/ultralytics/ultralytics/blob/main/ultralytics/cfg/models/11/yolo11.yaml (read 2026-12)"
  ul11-code: "Ultralytics ultralytics/nn/modules block.py, conv.py, head.py: C3k2(C2f) with Bottleneck(c, c, shortcut=True, e=0.5) or C3k(c, c, n=2) (a C3 whose Bottlenecks are 3x3/3x3 with e=1.0); C2PSA with PSABlock(attn_ratio 0.5, heads = c // 64): Attention qkv 1x1 conv to dim + 2*key_dim*heads, depthwise 3x3 positional conv 'pe' on the values, 1x1 proj, FFN 1x1 c->2c->c; Detect (not legacy): box branch Conv3x3, Conv3x3, Conv2d 1x1 (4*reg_max), class branch DWConv3x3+Conv1x1 twice, Conv2d 1x1 (nc); DFL fixed 1x1 conv 16->1, https://github.com/ultralytics/ultralytics/tree/main/ultralytics/nn/modules (read 2026-12)"
  ul11-docs: "Ultralytics YOLO11 documentation, detection performance table: 'YOLO11n | 640 | 39.5 (mAP 50-95) | 56.1 +- 0.8 ms CPU ONNX | 1.5 +- 0.0 ms T4 TensorRT10 | 2.6 (params M) | 6.5 (FLOPs B)'; Ultralytics FLOPs are 2 x MACs, https://docs.ultralytics.com/models/yolo11/ (read 2026-12)"
published: {source: ul11-docs, params: 2.6M, macs_per_sample: 3.25G}
notes: >-
  Layer list generated by models/tools/gen_cnn_profiles.py from yolo11.yaml at scale n
  (depth 0.50: every C3k2 and the C2PSA have one block; width 0.25: channels 16/32/64/128/256)
  at 640x640 input (80x80 + 40x40 + 20x20 = 8400 anchors). Every C3k2 keeps its shortcut
  (residual: true on the bottleneck's second conv); layers 2 and 4 use e=0.25. The C2PSA
  block at 20x20 is self-attention over 400 tokens in 2 heads whose queries and keys are
  32 wide and values 64 wide; it is listed as one attention of width 48 per head, which has
  the same multiply-accumulates. The published parameter count 2,624,080 is the unfused
  model with BN gamma/beta and the 16 fixed DFL weights, and the derivation reproduces it
  exactly. Ultralytics reports FLOPs as 2 x MACs from thop: the documentation table says
  6.5 GFLOPs (macs_per_sample 3.25G here), the yaml summary of the unfused model 6.6; the
  derived 3.27 GMACs include the C2PSA attention products (31 M), which thop does not
  count, and omit the per-output bias terms thop adds. Post-processing (dist2bbox, sigmoid, NMS) is not listed.
input: 640x640x3
"""


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write("resnet-50", RESNET50_HEADER, "tv-code", resnet("bottleneck", [3, 4, 6, 3]))
    write("resnet-18", RESNET18_HEADER, "tv-code", resnet("basic", [2, 2, 2, 2]))
    write("mobilenet-v1", MOBILENET_V1_HEADER, "slim-code", mobilenet_v1())
    write("mobilenet-v2", MOBILENET_HEADER, "tv-code", mobilenet_v2())
    write("ssd-mobilenet-v2", SSD_MOBILENET_V2_HEADER, "tfod-code", ssd_mobilenet_v2())
    write("efficientnet-b0", EFFNET_HEADER, "tv-code", efficientnet_b0())
    write("yolov8n", YOLO_HEADER, "ul-code", yolov8n())
    write("yolo11n", YOLO11_HEADER, "ul11-code", yolo11n())
    write("retinanet", RETINANET_HEADER, "mlperf-code", retinanet())
    write("3d-unet", UNET3D_HEADER, "mlperf-train",
          unet3d(patches="{value: 64.21, source: itu-e3}"))
    write("sdxl", SDXL_HEADER, "diffusers", sdxl())
    write("rnn-t", RNNT_HEADER, "mlperf-rnnt",
          rnnt("{value: 208.79, source: mlperf-data}", "{value: 104.64, source: mlperf-data}",
               "{value: 197.54, source: mlperf-data}"))
