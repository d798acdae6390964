// A job written the way the service's examples write one: its settings from the runtime
// properties, read from the file its arguments name (--application-properties FILE, floe's
// local equivalent of the service's /etc/flink/application_properties.json). It runs under
// the name the group "job" gives it, counting as Counts does.
package floe;

import java.io.File;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

public class Properties {
    public static void main(String[] args) throws Exception {
        String file = null;
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("--application-properties")) file = args[i + 1];
        if (file == null) throw new IllegalArgumentException("no --application-properties FILE among the arguments");
        String name = null;
        for (JsonNode group : new ObjectMapper().readTree(new File(file))) {
            if (group.get("PropertyGroupId").asText().equals("job")) name = group.get("PropertyMap").get("name").asText();
        }
        if (name == null) throw new IllegalArgumentException("the runtime properties have no group 'job' with a 'name'");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(10), Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers").sinkTo(new DiscardingSink<>());
        env.execute(name);
    }
}
