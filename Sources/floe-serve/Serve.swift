#if canImport(Glibc)
import Glibc
#endif
import FloeServer
import LuaHost

/// `floe serve [options] [SCRIPT [args]]` (also `floe-serve …`): the service's wire
/// protocol for boto3, the AWS CLI and the SDKs. See `floe serve --help`.
let usage = """
    usage: floe serve [options] [script [args]]
    Answers the kinesisanalyticsv2 API (AWS JSON 1.1) on http://HOST:PORT for boto3, the AWS
    CLI and the SDKs (--endpoint-url http://127.0.0.1:\(ServeOptions.defaultPort)), through the same
    operations as floe.aws. The script, if any, runs first in the same host: its settings,
    buckets, policies, hooks and applications stay in force for every client. Any
    credentials are accepted unless --credentials says whose. GET / is a live page of the
    applications.
      --port N      the port (default \(ServeOptions.defaultPort); 0: any free one, said at start)
      --host H      the address to listen on (default 127.0.0.1)
      --speed X     X service seconds per real second (default \(Int(ServeOptions.defaultSpeed)): STARTING's 30 s take 3)
      --virtual     the virtual clock: time moves only by POST /_floe/advance {"seconds": N};
                    GET /_floe/clock says where it stands, GET /_floe/health that it serves
      --credentials FILE  an AWS credentials file (aws_access_key_id, aws_secret_access_key
                    per [profile]): every API request must carry a valid SigV4 signature
                    by one of them, else HTTP 403 and nothing changes
      --request-timeout S  close a connection that sends nothing for S seconds while a
                    request is unfinished or none is outstanding (default 30)
      --state-dir DIR  keep the registry in DIR/floe.sqlite and the snapshots beside it:
                    stopped or killed and started again on DIR, the server comes back
                    with everything a client was told (one server at a time on a DIR)
      --flink URL|local  applications whose code is a jar run on the Flink cluster at URL,
                    or on one started for the server from the pip distribution and stopped
                    with it; the clock is then the wall clock (--speed 1), the cluster's
      --flink-scripts  with --flink, job scripts run on the cluster too (built-in operators only)
      --seed N, --bucket B=DIR, --log FILE: as for floe run
    """

func fail(_ message: String) -> Never {
    Console.writeError("floe serve: \(message)\nTry 'floe serve --help' for more.\n")
    exit(2)
}


@main
enum ServeCommand {
    static func main() {
        exit(FloeServe.run(parse(Array(CommandLine.arguments.dropFirst()))))
    }

    static func parse(_ given: [String]) -> ServeOptions {
        var options = ServeOptions()
        var arguments = given
        if arguments.first == "serve" { arguments.removeFirst() }
        var i = 0
        func value() -> String {
            i += 1
            guard i < arguments.count else { fail("'\(arguments[i - 1])' needs a value") }
            return arguments[i]
        }
        scan: while i < arguments.count {
            let argument = arguments[i]
            switch argument {
            case "-h", "--help":
                Console.write(usage + "\n")
                exit(0)
            case "--port":
                guard let port = Int(value()), (0...65535).contains(port) else { fail("'--port' needs a port number (0 to 65535)") }
                options.port = port
            case "--host":
                options.host = value()
            case "--speed":
                guard let speed = Double(value()), speed.isFinite, speed > 0 else { fail("'--speed' needs a positive number") }
                options.speed = speed
            case "--request-timeout":
                guard let seconds = Double(value()), seconds.isFinite, seconds > 0 else { fail("'--request-timeout' needs a positive number of seconds") }
                options.requestTimeout = seconds
            case "--credentials":
                options.credentials = value()
            case "--virtual":
                options.virtual = true
            case "--flink":
                options.flink = value()
            case "--flink-scripts":
                options.host_.flinkScripts = true
            case "--seed":
                guard let seed = UInt64(value()) else { fail("'--seed' needs an integer") }
                options.host_.seed = seed
            case "--state-dir":
                options.host_.stateDirectory = value()
            case "--log":
                options.host_.logFile = value()
            case "--bucket":
                let text = value()
                guard let equals = text.firstIndex(of: "="), equals != text.startIndex, text.index(after: equals) != text.endIndex else {
                    fail("'--bucket' needs BUCKET=DIR, got '\(text)'")
                }
                options.host_.buckets[String(text[..<equals])] = String(text[text.index(after: equals)...])
            case "--":
                i += 1
                break scan
            case _ where argument.hasPrefix("-") && argument != "-":
                fail("unrecognized option '\(argument)'")
            default:
                break scan
            }
            i += 1
        }
        if options.host_.flinkScripts && options.flink == nil { fail("'--flink-scripts' runs job scripts on the cluster '--flink' names: give it one") }
        if options.flink != nil {
            // A cluster runs on the wall clock; floe's service durations then do too.
            if options.virtual { fail("'--flink' runs on the wall clock (a cluster does not run on floe's virtual time): leave out '--virtual'") }
            if given.contains("--speed") && options.speed != 1 { fail("'--flink' runs on the wall clock (a cluster does not run faster): leave out '--speed'") }
            if options.host_.stateDirectory != nil { fail("'--flink' runs on the wall clock, which '--state-dir' cannot pick up yet: leave one out") }
            options.speed = 1
        }
        if i < arguments.count {
            options.script = arguments[i]
            options.scriptArguments = Array(arguments[(i + 1)...])
        }
        return options
    }
}
