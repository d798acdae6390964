"""An application's whole life through boto3 against `floe serve --virtual`, as a
deployment pipeline drives the service. Usage: lifecycle.py ENDPOINT. Prints what it saw,
one line a step; exits non-zero at the first surprise."""
import json
import sys
import urllib.request

import boto3
from botocore.config import Config

endpoint = sys.argv[1]
client = boto3.client("kinesisanalyticsv2", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing",
                      config=Config(retries={"max_attempts": 1}))
NAME = "orders"


def say(*words):
    print(*words, flush=True)


def advance(seconds):
    request = urllib.request.Request(endpoint + "/_floe/advance", data=json.dumps({"seconds": seconds}).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(request).read())


def detail():
    return client.describe_application(ApplicationName=NAME)["ApplicationDetail"]


def wait(status, polls=200):
    """Polls DescribeApplication as a pipeline does, five virtual seconds apart."""
    for _ in range(polls):
        if detail()["ApplicationStatus"] == status:
            return
        advance(5)
    raise SystemExit(f"{NAME} never reached {status}; it is {detail()['ApplicationStatus']}")


def refused(exception, call, **request):
    try:
        call(**request)
    except exception as e:
        return e.response["Error"]["Code"]
    raise SystemExit(f"{call.__name__} was not refused with {exception.__name__}")


code = {"CodeContentType": "ZIPFILE",
        "CodeContent": {"S3ContentLocation": {"BucketARN": "arn:aws:s3:::artifacts", "FileKey": "running-sums.lua"}}}
configuration = {
    "ApplicationCodeConfiguration": code,
    "EnvironmentProperties": {"PropertyGroups": [
        {"PropertyGroupId": "numbers", "PropertyMap": {"count": "100000000", "rate": "10"}}]},
}
created = client.create_application(ApplicationName=NAME, RuntimeEnvironment="FLINK-1_20",
                                    ServiceExecutionRole="arn:aws:iam::123456789012:role/floe",
                                    ApplicationConfiguration=configuration,
                                    Tags=[{"Key": "team", "Value": "payments"}])["ApplicationDetail"]
say("created", created["ApplicationStatus"], "version", created["ApplicationVersionId"],
    "at", created["CreateTimestamp"].isoformat())
say("again:", refused(client.exceptions.ResourceInUseException, client.create_application, ApplicationName=NAME,
                      RuntimeEnvironment="FLINK-1_20", ServiceExecutionRole="arn:aws:iam::123456789012:role/floe",
                      ApplicationConfiguration=configuration))
say("missing:", refused(client.exceptions.ResourceNotFoundException, client.describe_application, ApplicationName="nope"))

client.start_application(ApplicationName=NAME, RunConfiguration={
    "ApplicationRestoreConfiguration": {"ApplicationRestoreType": "SKIP_RESTORE_FROM_SNAPSHOT"}})
say("starting:", detail()["ApplicationStatus"])
wait("RUNNING")
say("running at", advance(0)["time"])
say("start while running:", refused(client.exceptions.ResourceInUseException, client.start_application,
                                    ApplicationName=NAME))
advance(600)

parallelism = {"FlinkApplicationConfigurationUpdate": {"ParallelismConfigurationUpdate": {
    "ConfigurationTypeUpdate": "CUSTOM", "ParallelismUpdate": 2, "AutoScalingEnabledUpdate": False}}}
update = client.update_application(ApplicationName=NAME, CurrentApplicationVersionId=1,
                                   ApplicationConfigurationUpdate=parallelism)
say("update to version", update["ApplicationDetail"]["ApplicationVersionId"], "operation", update["OperationId"])
wait("RUNNING")
say("stale version:", refused(client.exceptions.ConcurrentModificationException, client.update_application,
                              ApplicationName=NAME, CurrentApplicationVersionId=1, ApplicationConfigurationUpdate=parallelism))
token = detail()["ConditionalToken"]
parallelism["FlinkApplicationConfigurationUpdate"]["ParallelismConfigurationUpdate"]["ParallelismUpdate"] = 3
client.update_application(ApplicationName=NAME, ConditionalToken=token, ApplicationConfigurationUpdate=parallelism)
wait("RUNNING")
say("by token: version", detail()["ApplicationVersionId"], "parallelism",
    detail()["ApplicationConfigurationDescription"]["FlinkApplicationConfigurationDescription"]
    ["ParallelismConfigurationDescription"]["CurrentParallelism"])
say("stale token:", refused(client.exceptions.ConcurrentModificationException, client.update_application,
                            ApplicationName=NAME, ConditionalToken=token, ApplicationConfigurationUpdate=parallelism))

client.create_application_snapshot(ApplicationName=NAME, SnapshotName="before-stop")
advance(10)
snapshot = client.describe_application_snapshot(ApplicationName=NAME, SnapshotName="before-stop")["SnapshotDetails"]
say("snapshot", snapshot["SnapshotName"], snapshot["SnapshotStatus"], "version", snapshot["ApplicationVersionId"])

client.stop_application(ApplicationName=NAME)
wait("READY")
say("stopped; snapshots:", sorted(s["SnapshotName"] for s in
                                   client.list_application_snapshots(ApplicationName=NAME)["SnapshotSummaries"]))
client.start_application(ApplicationName=NAME, RunConfiguration={"ApplicationRestoreConfiguration": {
    "ApplicationRestoreType": "RESTORE_FROM_CUSTOM_SNAPSHOT", "SnapshotName": "before-stop"}})
wait("RUNNING")
say("started from before-stop")

client.rollback_application(ApplicationName=NAME, CurrentApplicationVersionId=detail()["ApplicationVersionId"])
wait("RUNNING")
say("rolled back to version", detail()["ApplicationVersionId"])

client.stop_application(ApplicationName=NAME, Force=True)
wait("READY")
say("force-stopped")

versions = client.list_application_versions(ApplicationName=NAME)["ApplicationVersionSummaries"]
say("versions:", [(v["ApplicationVersionId"], v["ApplicationStatus"]) for v in versions])
operations = client.list_application_operations(ApplicationName=NAME)["ApplicationOperationInfoList"]
say("operations:", [(o["Operation"], o["OperationStatus"]) for o in operations])
first = client.describe_application_operation(ApplicationName=NAME, OperationId=operations[-1]["OperationId"])
say("first operation:", first["ApplicationOperationInfoDetails"]["Operation"])
say("tags:", client.list_tags_for_resource(ResourceARN=created["ApplicationARN"])["Tags"])
say("applications:", [a["ApplicationName"] for a in client.list_applications()["ApplicationSummaries"]])

client.delete_application(ApplicationName=NAME, CreateTimestamp=created["CreateTimestamp"])
for _ in range(100):
    if not client.list_applications()["ApplicationSummaries"]:
        break
    advance(5)
say("deleted; left:", len(client.list_applications()["ApplicationSummaries"]))
