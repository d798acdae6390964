"""A jar application's life through boto3 against `floe serve --flink URL`, as a deployment
pipeline drives the service, on a real Flink cluster. Usage: jar_lifecycle.py ENDPOINT.
The bucket `jars` holds counts.jar, counts-v2.jar (the same job) and renamed.jar (one that
cannot read their state). Prints a line a step; exits non-zero at the first surprise."""
import sys
import time

import boto3
from botocore.config import Config

endpoint = sys.argv[1]
client = boto3.client("kinesisanalyticsv2", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing",
                      config=Config(retries={"max_attempts": 1}, read_timeout=60))
NAME = "counts"


def say(*words):
    print(*words, flush=True)


def detail():
    return client.describe_application(ApplicationName=NAME)["ApplicationDetail"]


def wait(status, seconds=120):
    """Polls DescribeApplication every half second of wall time, as a pipeline does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if detail()["ApplicationStatus"] == status:
            return detail()
        time.sleep(0.5)
    raise SystemExit(f"{NAME} never reached {status} within {seconds} s; it is {detail()['ApplicationStatus']}")


def wait_snapshot(name, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        snapshot = client.describe_application_snapshot(ApplicationName=NAME, SnapshotName=name)["SnapshotDetails"]
        if snapshot["SnapshotStatus"] != "CREATING":
            return snapshot["SnapshotStatus"]
        time.sleep(0.5)
    raise SystemExit(f"snapshot {name} stayed CREATING")


def code(key):
    return {"CodeContentType": "ZIPFILE",
            "CodeContent": {"S3ContentLocation": {"BucketARN": "arn:aws:s3:::jars", "FileKey": key}}}


def update(key):
    current = detail()["ApplicationVersionId"]
    client.update_application(ApplicationName=NAME, CurrentApplicationVersionId=current,
                              ApplicationConfigurationUpdate={"ApplicationCodeConfigurationUpdate": {
                                  "CodeContentTypeUpdate": "ZIPFILE",
                                  "CodeContentUpdate": {"S3ContentLocationUpdate": {"FileKeyUpdate": key}}}})


created = client.create_application(
    ApplicationName=NAME, RuntimeEnvironment="FLINK-1_20", ServiceExecutionRole="arn:aws:iam::123456789012:role/floe",
    ApplicationConfiguration={
        "ApplicationCodeConfiguration": code("counts.jar"),
        "ApplicationSnapshotConfiguration": {"SnapshotsEnabled": True},
        "ApplicationSystemRollbackConfiguration": {"RollbackEnabled": True},
        "FlinkApplicationConfiguration": {"ParallelismConfiguration": {
            "ConfigurationType": "CUSTOM", "Parallelism": 2, "ParallelismPerKPU": 1, "AutoScalingEnabled": False}},
    })["ApplicationDetail"]
say("created", created["ApplicationStatus"], created["ApplicationVersionId"])

client.start_application(ApplicationName=NAME, RunConfiguration={
    "ApplicationRestoreConfiguration": {"ApplicationRestoreType": "SKIP_RESTORE_FROM_SNAPSHOT"}})
say("running", wait("RUNNING")["ApplicationVersionId"])

time.sleep(2)
client.create_application_snapshot(ApplicationName=NAME, SnapshotName="before-v2")
say("snapshot", wait_snapshot("before-v2"))

update("counts-v2.jar")
say("updated", wait("RUNNING")["ApplicationVersionId"])

client.rollback_application(ApplicationName=NAME, CurrentApplicationVersionId=detail()["ApplicationVersionId"])
say("rolled back", wait("RUNNING")["ApplicationVersionId"])

time.sleep(2)
update("renamed.jar")
wait("ROLLING_BACK")
say("system rollback", wait("RUNNING")["ApplicationVersionId"])

client.stop_application(ApplicationName=NAME)
wait("READY")
snapshots = client.list_application_snapshots(ApplicationName=NAME)["SnapshotSummaries"]
say("stopped", len(snapshots), sorted({s["SnapshotStatus"] for s in snapshots}))

client.start_application(ApplicationName=NAME, RunConfiguration={"ApplicationRestoreConfiguration": {
    "ApplicationRestoreType": "RESTORE_FROM_CUSTOM_SNAPSHOT", "SnapshotName": "before-v2"}})
say("from before-v2", wait("RUNNING")["ApplicationVersionId"])

client.stop_application(ApplicationName=NAME, Force=True)
wait("READY")
for op in sorted(client.list_application_operations(ApplicationName=NAME)["ApplicationOperationInfoList"],
                 key=lambda o: o["StartTime"]):
    say(op["Operation"], op["OperationStatus"])
failed = [op for op in client.list_application_operations(ApplicationName=NAME)["ApplicationOperationInfoList"]
          if op["OperationStatus"] == "FAILED"]
for op in failed:
    info = client.describe_application_operation(ApplicationName=NAME, OperationId=op["OperationId"])
    say("failure", info["ApplicationOperationInfoDetails"]["OperationFailureDetails"]["ErrorInfo"]["ErrorString"])

client.delete_application(ApplicationName=NAME, CreateTimestamp=created["CreateTimestamp"])
deadline = time.monotonic() + 60
while client.list_applications()["ApplicationSummaries"]:
    if time.monotonic() > deadline:
        raise SystemExit("the application was not deleted")
    time.sleep(0.5)
say("deleted")
