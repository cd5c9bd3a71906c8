"""Writes a tiny llama-architecture GGUF with random weights (a few hundred KB) for tests.

Run with llama.cpp's own gguf-py on PYTHONPATH: python3 tiny-gguf.py OUT.gguf
The weights are random but shaped so that the output is words: the residual stream is
dominated by one positive dimension, and the output rows of the byte tokens point against
it, so sampling picks the word tokens (and now and then <|im_end|>, which ends a turn).
The seed is fixed: the same file on every machine.
"""
import sys

import numpy as np
import gguf

out = sys.argv[1]
rng = np.random.default_rng(18)

WORDS = """the a cat dog sun moon tree river stone light small big quick slow red blue green
hello world model token tiny random answer question yes no maybe here there now then and or
but with from into over under again always never often good fine new old warm cold bright
dark road house door window city field song story""".split()

tokens = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL,
         gguf.TokenType.CONTROL, gguf.TokenType.CONTROL]
tokens += [f"<0x{b:02X}>" for b in range(256)]
types += [gguf.TokenType.BYTE] * 256
n_special = len(tokens)
pieces = ["\u2581"] + [chr(c) for c in range(ord("a"), ord("z") + 1)] + ["\u2581" + w for w in WORDS]
tokens += pieces
types += [gguf.TokenType.NORMAL] * len(pieces)
scores = [0.0] * n_special + [-float(i) for i in range(len(pieces))]
n_vocab = len(tokens)
EOT = 4

n_embd, n_ff, n_layer, n_head, n_ctx = 64, 128, 2, 4, 4096

w = gguf.GGUFWriter(out, "llama")
w.add_name("tempfs-tiny-random")
w.add_context_length(n_ctx)
w.add_embedding_length(n_embd)
w.add_block_count(n_layer)
w.add_feed_forward_length(n_ff)
w.add_head_count(n_head)
w.add_head_count_kv(n_head)
w.add_rope_dimension_count(n_embd // n_head)
w.add_layer_norm_rms_eps(1e-5)
w.add_file_type(gguf.LlamaFileType.ALL_F32)
w.add_tokenizer_model("llama")
w.add_token_list(tokens)
w.add_token_scores(scores)
w.add_token_types(types)
w.add_bos_token_id(1)
w.add_eos_token_id(EOT)
w.add_unk_token_id(0)
w.add_add_bos_token(True)
w.add_chat_template(
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")


def small(*shape):
    return (rng.standard_normal(shape) * 0.02).astype(np.float32)


embd = (rng.standard_normal((n_vocab, n_embd)) * 0.1).astype(np.float32)
embd[:, 0] = 10.0
w.add_tensor("token_embd.weight", embd)
for i in range(n_layer):
    w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(n_embd, dtype=np.float32))
    w.add_tensor(f"blk.{i}.attn_q.weight", small(n_embd, n_embd))
    w.add_tensor(f"blk.{i}.attn_k.weight", small(n_embd, n_embd))
    w.add_tensor(f"blk.{i}.attn_v.weight", small(n_embd, n_embd))
    w.add_tensor(f"blk.{i}.attn_output.weight", small(n_embd, n_embd))
    w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
    w.add_tensor(f"blk.{i}.ffn_gate.weight", small(n_ff, n_embd))
    w.add_tensor(f"blk.{i}.ffn_up.weight", small(n_ff, n_embd))
    w.add_tensor(f"blk.{i}.ffn_down.weight", small(n_embd, n_ff))
w.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
head = rng.standard_normal((n_vocab, n_embd)).astype(np.float32)
head[:, 0] = -5.0  # control and byte tokens: never
head[n_special:, 0] = 1.0  # words
head[EOT, 0] = 1.07  # the end of a turn: about 2% per token, rarely the greedy pick
w.add_tensor("output.weight", head)

w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
