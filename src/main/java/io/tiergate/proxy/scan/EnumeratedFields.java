package io.tiergate.proxy.scan;

import java.util.Map;
import java.util.Set;

/**
 * The few fields of an OpenAI request whose values come from a closed list and are therefore not
 * classified: a value on its field's list is a protocol word, nothing the caller wrote. Any other
 * value of these fields (or of any other field) is classified like every string. Documented in
 * docs/POLICY-CONTRACT.md ("What the gateway scans").
 */
final class EnumeratedFields {

    private static final Map<String, Set<String>> CLOSED_LISTS = Map.ofEntries(
            Map.entry("role", Set.of("system", "developer", "user", "assistant", "tool", "function")),
            Map.entry("type", Set.of("text", "image_url", "input_audio", "file", "function", "json_schema", "json_object",
                    "refusal", "input_text", "input_image", "input_file", "output_text", "message", "function_call",
                    "function_call_output", "item_reference", "reasoning", "summary_text", "object", "string",
                    "number", "integer", "boolean", "array", "null", "custom", "content", "auto")),
            Map.entry("tool_choice", Set.of("none", "auto", "required")),
            Map.entry("finish_reason", Set.of("stop", "length", "tool_calls", "content_filter", "function_call")),
            Map.entry("detail", Set.of("auto", "low", "high")),
            Map.entry("encoding_format", Set.of("float", "base64")),
            Map.entry("reasoning_effort", Set.of("minimal", "low", "medium", "high")),
            Map.entry("service_tier", Set.of("auto", "default", "flex", "scale", "priority")),
            Map.entry("truncation", Set.of("auto", "disabled")),
            Map.entry("status", Set.of("in_progress", "completed", "incomplete")),
            Map.entry("object", Set.of("chat.completion", "chat.completion.chunk", "text_completion", "list", "embedding", "model",
                    "response")));

    /**
     * Field names of the OpenAI API. As keys they are protocol words, not caller text: they are
     * not classified, do not join the texts scanned together, and may appear in pointers.
     */
    private static final Set<String> API_FIELDS = Set.of(
            "model", "messages", "role", "content", "name", "text", "type", "refusal", "tool_calls", "tool_call_id", "id",
            "function", "function_call", "arguments", "functions", "tools", "tool_choice", "parameters", "properties",
            "description", "required", "items", "enum", "default", "strict", "metadata", "user", "stop", "prediction",
            "response_format", "json_schema", "schema", "image_url", "url", "detail", "input_audio", "data", "format",
            "file", "file_data", "file_id", "file_url", "filename", "audio", "input", "prompt", "instructions", "suffix",
            "previous_response_id", "conversation", "vector_store_ids", "reasoning", "summary", "output", "call_id",
            "stream", "stream_options", "include_usage", "temperature", "top_p", "n", "seed", "logit_bias", "logprobs",
            "top_logprobs", "max_tokens", "max_completion_tokens", "max_output_tokens", "presence_penalty",
            "frequency_penalty", "parallel_tool_calls", "encoding_format", "dimensions", "modalities", "store",
            "echo", "best_of", "additionalProperties", "status", "finish_reason", "reasoning_effort", "service_tier",
            "truncation", "include", "annotations", "voice", "web_search_options",
            // the answers' own field names (chat completions and their chunks, completions, embeddings, responses)
            "object", "created", "created_at", "choices", "index", "message", "delta", "usage", "prompt_tokens",
            "completion_tokens", "total_tokens", "prompt_tokens_details", "completion_tokens_details", "cached_tokens",
            "audio_tokens", "reasoning_tokens", "accepted_prediction_tokens", "rejected_prediction_tokens", "input_tokens",
            "output_tokens", "input_tokens_details", "output_tokens_details", "system_fingerprint", "logprob", "token",
            "bytes", "tokens", "token_logprobs", "text_offset", "embedding", "incomplete_details", "error", "code", "param",
            "owned_by", "sequence_number", "output_index", "content_index", "item_id", "item", "part", "response");

    private EnumeratedFields() {
    }

    /** Whether {@code value}, held by the field {@code key}, is one of that field's protocol words. */
    static boolean exempt(String key, String value) {
        if (key == null) {
            return false;
        }
        Set<String> closed = CLOSED_LISTS.get(key);
        return closed != null && closed.contains(value);
    }

    /** Whether {@code key} is a field name of the OpenAI API. */
    static boolean isApiField(String key) {
        return API_FIELDS.contains(key);
    }

    /** The fields with a closed list, for the documentation test. */
    static Map<String, Set<String>> closedLists() {
        return CLOSED_LISTS;
    }
}
