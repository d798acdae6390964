// Counts.java with its keyed state under another uid ("tallies"): a version 2 that cannot
// restore version 1's savepoint (Flink cannot map the "counts" operator's state to it).
package floe;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;

public class Renamed {
    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(2000);
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(100), Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
           .keyBy(n -> n % 10)
           .process(new KeyedProcessFunction<Long, Long, String>() {
               private transient ValueState<Long> count;
               @Override public void open(OpenContext context) { count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class)); }
               @Override public void processElement(Long n, Context ctx, Collector<String> out) throws Exception {
                   long c = count.value() == null ? 1 : count.value() + 1;
                   count.update(c);
                   out.collect(ctx.getCurrentKey() + "=" + c);
               }
           }).uid("tallies")
           .sinkTo(new DiscardingSink<>());
        env.execute("renamed");
    }
}
