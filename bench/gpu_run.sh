#!/usr/bin/env bash
# Everything the GPU checks need, in one command, for a lent machine with torch but not our other
# dependencies (those travel as wheels in .whl/, see bench/README or the README's GPU section).
#   bash bench/gpu_run.sh [parts]     # parts: comma list of gpu,goldens,tokenizer (default: all)
# Writes into $OUT (or .bench-out/): step_gpu_*.json, step_tokenizer.json and gpu_run.log.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-$PWD/.bench-out}"
mkdir -p "$OUT"
parts="${1:-gpu,goldens,tokenizer}"
log="$OUT/gpu_run.log"
export PYTHONUNBUFFERED=1
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site \
    .whl/*.whl || exit 1
  export PYTHONPATH="/tmp/site:$PWD"
else
  export PYTHONPATH="$PWD"
fi
{
  date -u
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv
  python3 -c 'import torch, sys; print(sys.version.split()[0], torch.__version__, torch.version.cuda)'
} 2>&1 | tee "$log"
case ",$parts," in *,gpu,*)
  echo "== bench/step_gpu.py" | tee -a "$log"
  timeout "${GPU_BENCH_S:-330}" python3 bench/step_gpu.py --device cuda --out-dir "$OUT" 2>&1 | tee -a "$log" ;;
esac
case ",$parts," in *,goldens,*)
  echo "== goldens on CUDA" | tee -a "$log"
  STEP_TEST_DEVICE=cuda timeout "${GOLDENS_S:-150}" python3 -m pytest -q -p no:cacheprovider -o addopts="" \
    -rs ${GOLDEN_TESTS:-tests/backends/step/llm/test_llm_model.py::test_logits_match_reference \
      tests/backends/step/llm/test_llm_graph.py tests/backends/step/llm/test_llm_sampling.py \
      tests/backends/step/vocoder/flow tests/backends/step/vocoder/test_hift.py \
      tests/backends/step/vocoder/test_f0.py tests/backends/step/vocoder/test_mel.py \
      tests/backends/step/vocoder/test_decoder.py::test_token2wav_on_the_test_device \
      tests/backends/step/tokenizer/test_tok_paraformer.py tests/backends/step/tokenizer/test_tok_tokenizer.py} 2>&1 \
    | tail -60 | tee -a "$log" ;;
esac
case ",$parts," in *,tokenizer,*)
  echo "== bench/step_tokenizer.py" | tee -a "$log"
  timeout "${TOKENIZER_S:-100}" python3 bench/step_tokenizer.py --device cuda --out "$OUT/step_tokenizer.json" 2>&1 \
    | tail -80 | tee -a "$log" ;;
esac
date -u | tee -a "$log"
