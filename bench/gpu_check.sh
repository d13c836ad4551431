#!/usr/bin/env bash
# The CUDA paths in one short run, on a machine with an NVIDIA GPU and the project installed:
# training on the GPU, test-split macro-F1 in fp32 and bf16 on the GPU, batch scoring speed,
# and the service answering from the GPU. Everything goes to a throw-away model store.
#
#   bash bench/gpu_check.sh [OUTPUT_FOLDER]
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)}
mkdir -p "$out"
export BENTOML_HOME=${BENTOML_HOME:-$(mktemp -d)}
export HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1
python=${PYTHON:-python}
stance() { "$python" -m cli.app "$@"; }
failed=()

"$python" - <<'EOF' || exit 1
import torch
from model.hardware import choose_runtime
assert torch.cuda.is_available(), "no CUDA GPU visible to torch"
print(f"GPU: {torch.cuda.get_device_name()}, torch {torch.__version__}, runtime chosen: {choose_runtime()}")
EOF

echo "== stance train (baseline on the CPU, transformer on the GPU)"
stance train --model all || failed+=(train)
stance models

echo "== stance evaluate: CPU fp32 reference and the GPU in bf16 (auto) and fp32"
stance evaluate --out "$out/reports-auto" || failed+=(evaluate)
STANCE_PRECISION=fp32 stance evaluate --out "$out/reports-fp32" || failed+=(evaluate-fp32)

echo "== batch scoring on the GPU"
"$python" -m bench.scoring --model transformer --rows 20000 --naive-rows 2000 \
    --paths naive,torch-fp32,sorted-fp32,sorted-bf16 || failed+=(scoring)

echo "== the service on the GPU"
port=3917
"$python" -m bentoml serve . --port "$port" >"$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 180); do
    curl -fs "localhost:$port/readyz" >/dev/null && break
    sleep 1
done
curl -fsS -X POST "localhost:$port/model" -H 'content-type: application/json' -d '{}' || failed+=(serve-model)
echo
curl -fsS -X POST "localhost:$port/classify" -H 'content-type: application/json' \
    -d '{"quotes": [{"text": "They will not get a single street of Kharkiv."},
                    {"text": "Sitting down with them would be a waste of time."}]}' || failed+=(serve-classify)
echo
if ((${#failed[@]})); then echo "FAILED: ${failed[*]}"; exit 1; fi
echo "all GPU checks passed"
