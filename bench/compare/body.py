"""Writes the benchmark's request body: a 4 KB Tier 1 chat completion (plain prose, no finding)."""
import json
import sys

SENTENCES = [
    "The release checklist covers the feature flags, the changelog sign-off and the staged rollout.",
    "Each team reviews its open pull requests before the branch is cut on Thursday morning.",
    "Staged rollout starts with a small share of users and grows when the crash rate stays flat.",
    "The changelog lists every user-visible change in plain words, grouped by area of the app.",
    "Feature flags that shipped fully last month are removed, with their dead code paths.",
    "The on-call engineer watches the dashboards for an hour after each step of the rollout.",
]
target = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
text, i = [], 0
while len(" ".join(text)) < target - 200:
    text.append(SENTENCES[i % len(SENTENCES)])
    i += 1
body = {"model": "demo-model", "messages": [
    {"role": "system", "content": "You are concise."},
    {"role": "user", "content": "Summarise this in three bullets. " + " ".join(text)}]}
out = json.dumps(body, separators=(",", ":"))
sys.stdout.write(out)
