// floe's runner: a job script's dataflow, built from built-in operators only, as a Flink
// DataStream job on a real cluster. floe hands it the graph as JSON (--graph JSON, made by
// FlinkREST's RunnerGraph); records are Java values as floe's are (Long, Double, String,
// Boolean, List, Map), so keys fall into the key groups floe puts them in, and text sinks
// print them as floe prints them. Compiled by `bin/setup --flink` into
// .build-flink/floe-runner.jar against the distribution's jars.
package floe;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

public class FloeRunner {
    static final TypeInformation<Object> ANY = TypeInformation.of(Object.class);

    public static void main(String[] args) throws Exception {
        String json = null;
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("--graph")) json = args[i + 1];
        if (json == null) throw new IllegalArgumentException("floe's runner needs --graph JSON");
        JsonNode graph = new ObjectMapper().readTree(json);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.valueOf(graph.get("mode").asText()));
        if (graph.hasNonNull("maxParallelism")) env.setMaxParallelism(graph.get("maxParallelism").asInt());
        if (graph.get("checkpointInterval").asLong() > 0) env.enableCheckpointing(graph.get("checkpointInterval").asLong());
        Map<Integer, DataStream<Object>> streams = new HashMap<>();
        Map<Integer, KeyedStream<Object, Object>> keyed = new HashMap<>();
        for (JsonNode node : graph.get("nodes")) {
            int id = node.get("id").asInt();
            String kind = node.get("kind").asText();
            String name = node.get("name").asText();
            String uid = node.get("uid").asText();
            Integer parallelism = node.hasNonNull("parallelism") ? node.get("parallelism").asInt() : null;
            DataStream<Object> input = node.hasNonNull("input") ? streams.get(node.get("input").asInt()) : null;
            KeyedStream<Object, Object> keyedInput = node.hasNonNull("input") ? keyed.get(node.get("input").asInt()) : null;
            SingleOutputStreamOperator<Object> out;
            switch (kind) {
                case "sequence": {
                    out = env.fromSequence(node.get("from").asLong(), node.get("to").asLong()).map(n -> (Object) n, ANY);
                    out = source(out, node, name, uid, parallelism);
                    break;
                }
                case "values": {
                    List<Object> values = new ArrayList<>();
                    for (JsonNode v : node.get("values")) values.add(value(v));
                    out = source(env.fromData(values, ANY), node, name, uid, parallelism);
                    break;
                }
                case "lines": {
                    FileSource<String> lines = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(node.get("path").asText())).build();
                    out = env.fromSource(lines, WatermarkStrategy.noWatermarks(), name).map(line -> (Object) line, ANY);
                    out = source(out, node, name, uid, parallelism);
                    break;
                }
                case "key_by": {
                    keyed.put(id, input.keyBy(new FloeKey(selector(node)), ANY));
                    streams.put(id, input);
                    continue;
                }
                case "aggregate": {
                    Aggregate aggregate = new Aggregate(node.get("function").asText(), field(node));
                    KeyedStream<Object, Object> in = keyedInput;
                    if (aggregate.isCount()) in = keyedInput.map(new CountPair(keySelectorOf(graph, node)), ANY).keyBy(new FloeKey(new Field(1)), ANY);
                    out = in.reduce(aggregate);
                    break;
                }
                case "window": {
                    Aggregate aggregate = new Aggregate(node.get("function").asText(), field(node));
                    KeyedStream<Object, Object> in = keyedInput;
                    if (aggregate.isCount()) in = keyedInput.map(new CountPair(keySelectorOf(graph, node)), ANY).keyBy(new FloeKey(new Field(1)), ANY);
                    long size = Math.round(node.get("size").asDouble() * 1000);
                    out = in.window(TumblingEventTimeWindows.of(Duration.ofMillis(size))).reduce(aggregate);
                    break;
                }
                case "print": input.print().name(name).uid(uid).setParallelism(parallelism(input, parallelism)); continue;
                case "discard": input.sinkTo(new DiscardingSink<>()).name(name).uid(uid).setParallelism(parallelism(input, parallelism)); continue;
                case "file": input.sinkTo(new PartFiles(node.get("directory").asText())).name(name).uid(uid).setParallelism(parallelism(input, parallelism)); continue;
                default: throw new IllegalArgumentException("floe's runner has no operator '" + kind + "'");
            }
            out.name(name).uid(uid);
            if (parallelism != null) out.setParallelism(parallelism);
            streams.put(id, out);
        }
        env.execute(graph.get("name").asText());
    }

    static int parallelism(DataStream<Object> input, Integer own) { return own != null ? own : input.getParallelism(); }

    /// A source's records, throttled to its rate when it has one, stamped with the time they
    /// were read (event time = ingestion time: floe stamps them with its clock's time).
    static SingleOutputStreamOperator<Object> source(SingleOutputStreamOperator<Object> records, JsonNode node, String name, String uid, Integer parallelism) {
        records.name(name).uid(uid + "-source");
        if (parallelism != null) records.setParallelism(parallelism);
        SingleOutputStreamOperator<Object> out = records;
        if (node.hasNonNull("rate")) {
            out = out.map(new Throttle(node.get("rate").asDouble()), ANY).name(name + " (rate)").uid(uid + "-rate");
            if (parallelism != null) out.setParallelism(parallelism);
        }
        WatermarkStrategy<Object> stamped = WatermarkStrategy.<Object>forMonotonousTimestamps().withTimestampAssigner((r, t) -> System.currentTimeMillis());
        return out.assignTimestampsAndWatermarks(stamped).name(name + " (timestamps)").uid(uid);
    }

    static KeySelector<Object, Object> selector(JsonNode node) {
        switch (node.get("selector").asText()) {
            case "index": return new Field(node.get("index").asInt());
            case "field": return new Named(node.get("field").asText());
            case "modulo": { long n = node.get("modulo").asLong(); return r -> ((Long) r) % n; }
            default: return r -> r;
        }
    }

    /// The key selector of the key_by that feeds `node` (a count pairs each record with its key).
    static KeySelector<Object, Object> keySelectorOf(JsonNode graph, JsonNode node) {
        return selector(graph.get("nodes").get(node.get("input").asInt()));
    }

    static Object field(JsonNode node) {
        if (node.hasNonNull("fieldIndex")) return node.get("fieldIndex").asInt();
        if (node.hasNonNull("fieldName")) return node.get("fieldName").asText();
        return null;
    }

    /// A JSON value as floe's value: integers as Long, other numbers as Double.
    static Object value(JsonNode v) {
        if (v.isIntegralNumber()) return v.asLong();
        if (v.isNumber()) return v.asDouble();
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual()) return v.asText();
        if (v.isArray()) { List<Object> list = new ArrayList<>(); for (JsonNode e : v) list.add(value(e)); return list; }
        if (v.isObject()) {
            Map<String, Object> map = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) { Map.Entry<String, JsonNode> e = it.next(); map.put(e.getKey(), value(e.getValue())); }
            return map;
        }
        return null;
    }

    /// How floe prints a value in a text sink: Lua's way for numbers (%.14g, integral floats
    /// with ".0"), (a,b) for lists, {k=v,…} with sorted keys for maps.
    static String text(Object v) {
        if (v == null) return "nil";
        if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isNaN(d)) return "nan";
            if (Double.isInfinite(d)) return d < 0 ? "-inf" : "inf";
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return (long) d + ".0";
            return Double.toString(d);
        }
        if (v instanceof List) {
            StringBuilder b = new StringBuilder("(");
            for (Object e : (List<?>) v) { if (b.length() > 1) b.append(','); b.append(text(e)); }
            return b.append(')').toString();
        }
        if (v instanceof Map) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : new TreeMap<>((Map<?, ?>) v).entrySet()) { if (b.length() > 1) b.append(','); b.append(e.getKey()).append('=').append(text(e.getValue())); }
            return b.append('}').toString();
        }
        return v.toString();
    }

    /// A key as floe hashes it, so that it falls into the key group floe puts it in: an
    /// integer that fits 32 bits hashes as Java's Integer (as a Lua integer key does in
    /// floe), a float with an integral value as that integer, lists and maps element by
    /// element. (A Long's own hashCode differs for negative numbers.)
    static final class FloeKey implements KeySelector<Object, Object> {
        final KeySelector<Object, Object> selector;
        FloeKey(KeySelector<Object, Object> selector) { this.selector = selector; }
        public Object getKey(Object r) throws Exception { return normal(selector.getKey(r)); }

        static Object normal(Object k) {
            if (k instanceof Long) { long v = (Long) k; return v == (int) v ? (Object) (int) v : k; }
            if (k instanceof Double) {
                double d = (Double) k;
                if (d == Math.rint(d) && Math.abs(d) < 9.2e18) { long v = (long) d; return v == (int) v ? (Object) (int) v : (Object) v; }
                return k;
            }
            if (k instanceof List) { List<Object> list = new ArrayList<>(); for (Object e : (List<?>) k) list.add(normal(e)); return list; }
            if (k instanceof Map) { Map<Object, Object> map = new HashMap<>(); for (Map.Entry<?, ?> e : ((Map<?, ?>) k).entrySet()) map.put(e.getKey(), normal(e.getValue())); return map; }
            return k;
        }
    }

    /// A list element, 1-based as in Lua.
    static final class Field implements KeySelector<Object, Object> {
        final int index;
        Field(int index) { this.index = index; }
        public Object getKey(Object r) {
            if (!(r instanceof List) || index < 1 || index > ((List<?>) r).size()) throw new IllegalArgumentException("a record without field " + index + ": " + text(r));
            return ((List<?>) r).get(index - 1);
        }
    }

    static final class Named implements KeySelector<Object, Object> {
        final String name;
        Named(String name) { this.name = name; }
        public Object getKey(Object r) {
            if (!(r instanceof Map)) throw new IllegalArgumentException("a record without field " + name + ": " + text(r));
            return ((Map<?, ?>) r).get(name);
        }
    }

    /// A count's records: (key, 1), summed by the count.
    static final class CountPair implements MapFunction<Object, Object> {
        final KeySelector<Object, Object> key;
        CountPair(KeySelector<Object, Object> key) { this.key = key; }
        public Object map(Object r) throws Exception { List<Object> pair = new ArrayList<>(); pair.add(key.getKey(r)); pair.add(1L); return pair; }
    }

    /// sum, min, max (of the record, or of one field, the rest of the first record kept) and
    /// count (of (key, 1) pairs), as floe's built-in aggregations combine.
    static final class Aggregate implements ReduceFunction<Object> {
        final String function;
        final Object field;
        Aggregate(String function, Object field) { this.function = function; this.field = function.equals("count") ? Integer.valueOf(2) : field; }
        boolean isCount() { return function.equals("count"); }

        public Object reduce(Object previous, Object next) {
            Object a = get(previous), b = get(next);
            Object combined;
            switch (function) {
                case "sum": case "count": combined = (a instanceof Long && b instanceof Long) ? (Object) ((Long) a + (Long) b) : (Object) (number(a) + number(b)); break;
                case "min": combined = number(b) < number(a) ? b : a; break;
                default: combined = number(a) < number(b) ? b : a;
            }
            return set(previous, combined);
        }

        Object get(Object r) {
            if (field == null) return r;
            if (field instanceof Integer) return new Field((Integer) field).getKey(r);
            return new Named((String) field).getKey(r);
        }

        @SuppressWarnings("unchecked")
        Object set(Object r, Object v) {
            if (field == null) return v;
            if (field instanceof Integer) { List<Object> copy = new ArrayList<>((List<Object>) r); copy.set((Integer) field - 1, v); return copy; }
            Map<String, Object> copy = new HashMap<>((Map<String, Object>) r);
            copy.put((String) field, v);
            return copy;
        }

        static double number(Object v) {
            if (v instanceof Number) return ((Number) v).doubleValue();
            throw new IllegalArgumentException("an aggregation over a record that is not a number: " + text(v));
        }
    }

    /// At most `rate` records a second from the source, shared among its subtasks.
    static final class Throttle extends RichMapFunction<Object, Object> {
        final double rate;
        transient long started;
        transient long emitted;
        transient double share;
        Throttle(double rate) { this.rate = rate; }
        @Override public void open(OpenContext context) {
            started = System.nanoTime();
            share = rate / getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        }
        public Object map(Object r) throws Exception {
            emitted++;
            long due = started + (long) (emitted / share * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            return r;
        }
    }

    /// Text lines into `directory/part-<subtask>`, as floe's file sink names them, written
    /// through at each flush (a checkpoint, the end of input): at least once on the cluster
    /// (a restart may write a line again), where floe's own sink commits exactly once.
    static final class PartFiles implements Sink<Object> {
        final String directory;
        PartFiles(String directory) { this.directory = directory; }

        public SinkWriter<Object> createWriter(WriterInitContext context) throws IOException {
            Files.createDirectories(Paths.get(directory));
            java.nio.file.Path file = Paths.get(directory, "part-" + context.getTaskInfo().getIndexOfThisSubtask());
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new SinkWriter<Object>() {
                public void write(Object r, Context c) throws IOException { out.write(text(r)); out.write('\n'); }
                public void flush(boolean endOfInput) throws IOException { out.flush(); }
                public void close() throws IOException { out.close(); }
            };
        }
    }
}
