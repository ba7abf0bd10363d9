package io.tiergate.policy.embedded;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An OPA policy compiled to Wasm ({@code opa build -t wasm}), parsed and translated to JVM bytecode
 * by Chicory <em>once</em>; {@link #instantiate()} then makes a cheap evaluator (its own linear
 * memory, the shared compiled code). opa-java-wasm parses and compiles the module again for every
 * instance, which put the compiler on the request path whenever a pool grew and gave every
 * instance its own generated classes for the JIT to warm; this speaks the small part of OPA's Wasm
 * ABI that a policy without host builtins needs (https://www.openpolicyagent.org/docs/wasm):
 * {@code opa_eval} (ABI 1.2), with {@code opa_abort} and the {@code opa_builtinN} imports.
 *
 * <p>A module that needs host-implemented builtins (those OPA does not compile into Wasm, e.g.
 * {@code http.send}) is refused when it is loaded, not when a request happens to reach one.
 */
final class OpaWasmModule {

    /** Upper bound of one evaluator's linear memory: 64 MiB, far above any decision's needs. */
    static final int MAX_PAGES = 1024;

    private static final int PAGE = 65_536;

    private final WasmModule module;
    private final Function<Instance, Machine> machines;
    private final MemoryLimits limits;

    OpaWasmModule(byte[] wasm) {
        this.module = Parser.parse(wasm);
        this.limits = memoryLimits(module);
        this.machines = MachineFactoryCompiler.compile(module);
        try (Evaluator probe = instantiate()) {
            probe.checkAbi();
        }
    }

    /** A new evaluator over the shared compiled code; not thread-safe, one caller at a time. */
    Evaluator instantiate() {
        return new Evaluator();
    }

    private static MemoryLimits memoryLimits(WasmModule module) {
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imported = module.importSection().getImport(i);
            if (imported instanceof MemoryImport memory && "env".equals(imported.module()) && "memory".equals(imported.name())) {
                int initial = Math.max(memory.limits().initialPages(), 2);
                return new MemoryLimits(initial, Math.max(initial, MAX_PAGES));
            }
        }
        throw new IllegalArgumentException("not an OPA Wasm module: it imports no env.memory");
    }

    /** One instance of the policy: evaluates inputs against the default entrypoint and empty data. */
    final class Evaluator implements AutoCloseable {

        private final Instance instance;
        private final Memory memory;
        private final ExportFunction eval;
        private final int dataAddress;
        private final int heapBase;

        private Evaluator() {
            this.memory = new ByteArrayMemory(limits);
            this.instance = Instance.builder(module)
                    .withImportValues(imports(memory))
                    .withMachineFactory(machines)
                    .build();
            this.eval = instance.export("opa_eval");
            this.dataAddress = parseJson("{}");
            this.heapBase = (int) instance.export("opa_heap_ptr_get").apply()[0];
        }

        /**
         * The result set of the default entrypoint for {@code inputJson} (UTF-8 JSON), as JSON:
         * {@code [{"result": ...}]}, or {@code []} when the entrypoint is undefined.
         */
        String evaluate(byte[] inputJson) {
            ensureCapacity(heapBase + inputJson.length + PAGE);
            memory.write(heapBase, inputJson);
            int result = (int) eval.apply(0, 0, dataAddress, heapBase, inputJson.length, heapBase + inputJson.length, 0)[0];
            return memory.readCString(result, StandardCharsets.UTF_8);
        }

        private void checkAbi() {
            long major = instance.exports().global("opa_wasm_abi_version").getValue();
            long minor = instance.exports().global("opa_wasm_abi_minor_version").getValue();
            if (major != 1 || minor < 2) {
                throw new IllegalArgumentException("the policy module speaks OPA Wasm ABI " + major + "." + minor
                        + "; Tiergate needs 1.2 or later (opa_eval): rebuild it with a current opa");
            }
            int builtins = (int) instance.export("builtins").apply()[0];
            String required = dump(builtins);
            if (!"{}".equals(required)) {
                throw new IllegalArgumentException("the policy needs builtins that OPA does not compile into Wasm: " + required
                        + "; Tiergate's embedded engine runs none (use them only with the remote engine)");
            }
        }

        private int parseJson(String json) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            int address = (int) instance.export("opa_malloc").apply(bytes.length)[0];
            memory.write(address, bytes);
            int value = (int) instance.export("opa_json_parse").apply(address, bytes.length)[0];
            if (value == 0) {
                throw new IllegalArgumentException("the policy module could not parse " + json);
            }
            return value;
        }

        private String dump(int value) {
            int address = (int) instance.export("opa_json_dump").apply(value)[0];
            return memory.readCString(address, StandardCharsets.UTF_8);
        }

        private void ensureCapacity(int bytes) {
            int pages = memory.pages();
            int needed = (int) ((bytes + (long) PAGE - 1) / PAGE);
            if (needed > pages && memory.grow(needed - pages) < 0) {
                throw new IllegalStateException("policy input of " + bytes + " bytes exceeds the evaluator's memory");
            }
        }

        @Override
        public void close() {
            // Nothing is held outside the JVM heap; the instance and its memory go with this object.
        }
    }

    private static ImportValues imports(Memory memory) {
        List<HostFunction> functions = new ArrayList<>();
        functions.add(new HostFunction("env", "opa_abort", List.of(ValType.I32), List.of(),
                (instance, args) -> {
                    String message = instance.memory().readCString((int) args[0], StandardCharsets.UTF_8);
                    throw new IllegalStateException("the policy aborted: " + message);
                }));
        for (int arity = 0; arity <= 4; arity++) {
            List<ValType> params = new ArrayList<>();
            for (int i = 0; i < arity + 2; i++) {
                params.add(ValType.I32);
            }
            int n = arity;
            functions.add(new HostFunction("env", "opa_builtin" + arity, params, List.of(ValType.I32),
                    (instance, args) -> {
                        throw new IllegalStateException("the policy called host builtin " + args[0] + " (arity " + n
                                + "), which the embedded engine does not provide");
                    }));
        }
        return ImportValues.builder()
                .addMemory(new ImportMemory("env", "memory", memory))
                .addFunction(functions.toArray(HostFunction[]::new))
                .build();
    }
}
