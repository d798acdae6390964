"""A client that a test kills the server under: boto3 against `floe serve --virtual
--state-dir DIR`.

  crash.py drive ENDPOINT SEED JOURNAL  runs a random sequence of operations on a few
      applications (from SEED), writing to JOURNAL a line before each call ("send") and one
      after its answer ("ack", or "refused" with the client's exception class); it stops at
      the first call the server does not answer (it was killed).
  crash.py check ENDPOINT JOURNAL  reads the journal back and checks the server's view:
      everything acknowledged is there, nothing refused is, and the call in flight when the
      server died is allowed either way. Prints one line per application; exits non-zero
      at the first thing missing.
"""
import json
import random
import sys
import urllib.request

import boto3
from botocore.config import Config

mode, endpoint = sys.argv[1], sys.argv[2]
client = boto3.client("kinesisanalyticsv2", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing",
                      config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30))
logs = boto3.client("logs", endpoint_url=endpoint, region_name="us-east-1",
                    aws_access_key_id="testing", aws_secret_access_key="testing",
                    config=Config(retries={"max_attempts": 1}))
NAMES = ["alpha", "beta", "gamma"]
GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:floe"


def stream(name):
    return f"{GROUP}:log-stream:{name}"


def configuration(marker):
    return {
        "ApplicationCodeConfiguration": {"CodeContentType": "ZIPFILE", "CodeContent": {"S3ContentLocation": {
            "BucketARN": "arn:aws:s3:::artifacts", "FileKey": "running-sums.lua"}}},
        "EnvironmentProperties": {"PropertyGroups": [
            {"PropertyGroupId": "numbers", "PropertyMap": {"count": "100000000", "rate": "10", "marker": marker}}]},
    }


def advance(seconds):
    request = urllib.request.Request(endpoint + "/_floe/advance", data=json.dumps({"seconds": seconds}).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30).read()


def drive(seed, journal_path):
    rng = random.Random(seed)
    journal = open(journal_path, "a")

    def write(**line):
        journal.write(json.dumps(line) + "\n")
        journal.flush()

    for step in range(400):
        name = rng.choice(NAMES)
        op = rng.choice(["create", "create", "start", "start", "stop", "update", "update", "stale-update",
                         "snapshot", "tag", "delete", "advance", "advance", "advance"])
        marker = f"step-{step}"
        line = {"step": step, "op": op, "app": name, "marker": marker}
        write(event="send", **line)
        try:
            if op == "create":
                client.create_application(
                    ApplicationName=name, RuntimeEnvironment="FLINK-1_20", ApplicationDescription=marker,
                    ServiceExecutionRole="arn:aws:iam::123456789012:role/floe", ApplicationConfiguration=configuration(marker),
                    CloudWatchLoggingOptions=[{"LogStreamARN": stream(name)}])
            elif op == "start":
                line["operation"] = client.start_application(ApplicationName=name, RunConfiguration={
                    "ApplicationRestoreConfiguration": {"ApplicationRestoreType": "RESTORE_FROM_LATEST_SNAPSHOT"}})["OperationId"]
            elif op == "stop":
                line["operation"] = client.stop_application(ApplicationName=name)["OperationId"]
            elif op in ("update", "stale-update"):
                current = client.describe_application(ApplicationName=name)["ApplicationDetail"]["ApplicationVersionId"]
                answer = client.update_application(
                    ApplicationName=name, CurrentApplicationVersionId=current + (1 if op == "stale-update" else 0),
                    ApplicationConfigurationUpdate={"EnvironmentPropertyUpdates": {"PropertyGroups": [
                        {"PropertyGroupId": "numbers", "PropertyMap": {"count": "100000000", "rate": "10", "marker": marker}}]}})
                line["version"] = answer["ApplicationDetail"]["ApplicationVersionId"]
                line["operation"] = answer.get("OperationId")
            elif op == "snapshot":
                client.create_application_snapshot(ApplicationName=name, SnapshotName=marker)
            elif op == "tag":
                arn = client.describe_application(ApplicationName=name)["ApplicationDetail"]["ApplicationARN"]
                client.tag_resource(ResourceARN=arn, Tags=[{"Key": marker, "Value": str(seed)}])
            elif op == "delete":
                created = client.describe_application(ApplicationName=name)["ApplicationDetail"]["CreateTimestamp"]
                client.delete_application(ApplicationName=name, CreateTimestamp=created)
            elif op == "advance":
                seconds = rng.choice([1, 5, 15, 40, 90])
                line["seconds"] = seconds
                advance(seconds)
        except client.exceptions.ClientError as e:
            write(event="refused", code=e.response["Error"]["Code"], **line)
            continue
        except Exception as e:  # the server is gone: the call in flight may or may not have happened
            write(event="lost", error=type(e).__name__, **line)
            return
        write(event="ack", **line)
    write(event="done")


def check(journal_path):
    lines = [json.loads(l) for l in open(journal_path)]
    in_flight = None
    sent = [l for l in lines if l["event"] == "send"]
    answered = {l["step"] for l in lines if l["event"] in ("ack", "refused")}
    for l in sent:
        if l["step"] not in answered:
            in_flight = l
    # What each application must show, folded from the acknowledged calls in order.
    apps = {}
    for l in lines:
        if l["event"] != "ack":
            continue
        name, op = l["app"], l["op"]
        if op == "create":
            apps[name] = {"description": l["marker"], "marker": l["marker"], "operations": set(), "versions": {1}, "snapshots": set(), "tags": set(),
                          "updates": 0, "starts": 0}
        elif op == "delete":
            apps[name] = None
        elif apps.get(name) is not None:
            a = apps[name]
            if l.get("operation"):
                a["operations"].add(l["operation"])
            if op == "update":
                a["versions"].add(l["version"])
                a["updates"] += 1
                a["marker"] = l["marker"]
            if op == "start":
                a["starts"] += 1
            if op == "snapshot":
                a["snapshots"].add(l["marker"])
            if op == "tag":
                a["tags"].add(l["marker"])
    refused_markers = {l["marker"] for l in lines if l["event"] == "refused"}
    flying = in_flight["app"] if in_flight else None

    def fail(message):
        raise SystemExit(f"{message} (in flight: {in_flight})")

    listed = {s["ApplicationName"] for s in client.list_applications()["ApplicationSummaries"]}
    for name in NAMES:
        want = apps.get(name)
        uncertain = flying == name and in_flight["op"] in ("create", "delete")
        if want is None:
            if name in listed and not uncertain:
                detail = client.describe_application(ApplicationName=name)["ApplicationDetail"]
                if detail["ApplicationStatus"] != "DELETING":
                    fail(f"{name} was deleted (or never created) but is {detail['ApplicationStatus']}")
            print(name, "absent" if name not in listed else "(in flight)")
            continue
        if name not in listed:
            if uncertain:
                print(name, "(in flight)")
                continue
            fail(f"{name} was acknowledged but is missing")
        detail = client.describe_application(ApplicationName=name)["ApplicationDetail"]
        if detail["ApplicationDescription"] != want["description"]:
            fail(f"{name} is the application created at {detail['ApplicationDescription']}, not {want['description']}")
        properties = {g["PropertyGroupId"]: g["PropertyMap"]
                      for g in detail["ApplicationConfigurationDescription"]["EnvironmentPropertyDescriptions"]["PropertyGroupDescriptions"]}
        marker = properties["numbers"]["marker"]
        in_flight_marker = in_flight["marker"] if in_flight and flying == name else None
        if marker != want["marker"] and marker != in_flight_marker:
            fail(f"{name}'s configuration is from {marker}, not the last acknowledged {want['marker']}")
        if marker in refused_markers:
            fail(f"{name} holds the refused update {marker}")
        versions = {v["ApplicationVersionId"] for v in client.list_application_versions(ApplicationName=name)["ApplicationVersionSummaries"]}
        if not want["versions"] <= versions:
            fail(f"{name} lost versions: has {sorted(versions)}, was told {sorted(want['versions'])}")
        extra = 1 if flying == name and in_flight["op"] == "update" else 0
        if max(versions) > max(want["versions"]) + extra:
            fail(f"{name} has version {max(versions)}, beyond the {max(want['versions'])} acknowledged")
        operations = {o["OperationId"] for o in client.list_application_operations(ApplicationName=name)["ApplicationOperationInfoList"]}
        if not want["operations"] <= operations:
            fail(f"{name} lost operations {sorted(want['operations'] - operations)}")
        snapshots = {s["SnapshotName"] for s in client.list_application_snapshots(ApplicationName=name)["SnapshotSummaries"]}
        if not want["snapshots"] <= snapshots:
            fail(f"{name} lost snapshots {sorted(want['snapshots'] - snapshots)}")
        if snapshots & refused_markers:
            fail(f"{name} holds refused snapshots {sorted(snapshots & refused_markers)}")
        tags = {t["Key"] for t in client.list_tags_for_resource(ResourceARN=detail["ApplicationARN"])["Tags"]}
        if not want["tags"] <= tags:
            fail(f"{name} lost tags {sorted(want['tags'] - tags)}")
        events = logs.get_log_events(logGroupName="floe", logStreamName=name, startFromHead=True, limit=10000)["events"]
        starts = sum("(StartApplication)" in json.loads(e["message"])["message"] for e in events)
        if starts < want["starts"]:
            fail(f"{name}'s log shows {starts} starts; {want['starts']} were acknowledged")
        for version in want["versions"] - {1}:
            if not any(f"(UpdateApplication to version {version})" in e["message"] for e in events):
                fail(f"{name}'s log lost the update to version {version}")
        print(name, detail["ApplicationStatus"], "versions", len(versions), "operations", len(operations),
              "snapshots", len(snapshots), "tags", len(tags), "log", len(events))


if mode == "drive":
    drive(int(sys.argv[3]), sys.argv[4])
else:
    check(sys.argv[3])
