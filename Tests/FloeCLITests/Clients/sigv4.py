"""floe serve --credentials against botocore's own signing. Usage: sigv4.py ENDPOINT.
Each refused request is a CreateApplication; at the end none of them made anything."""
import datetime
import sys
import urllib.request
from unittest import mock

import boto3
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
GOOD = ("AKIDFLOETEST", "the-right-secret")


def client(key, secret):
    return boto3.client("kinesisanalyticsv2", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret)


CODE = {"ApplicationCodeConfiguration": {"CodeContentType": "ZIPFILE", "CodeContent": {"S3ContentLocation": {
    "BucketARN": "arn:aws:s3:::artifacts", "FileKey": "wordcount.lua"}}}}


def create(c, name):
    try:
        c.create_application(ApplicationName=name, RuntimeEnvironment="FLINK-1_20",
                             ServiceExecutionRole="arn:aws:iam::123456789012:role/floe", ApplicationConfiguration=CODE)
        return "created"
    except ClientError as e:
        return f"{e.response['ResponseMetadata']['HTTPStatusCode']} {e.response['Error']['Code']}"


def raw(body, sign=True, when=None, tamper=False):
    """A CreateApplication signed by botocore's SigV4Auth (at `when`), sent by urllib."""
    request = AWSRequest(method="POST", url=endpoint + "/", data=body, headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "KinesisAnalytics_20180523.CreateApplication"})
    if sign:
        signer = botocore.auth.SigV4Auth(Credentials(*GOOD), "kinesisanalytics", "us-east-1")
        if when is None:
            signer.add_auth(request)
        else:
            with mock.patch("botocore.auth.get_current_datetime", return_value=when):
                signer.add_auth(request)
    prepared = request.prepare()
    data = prepared.body if not tamper else prepared.body.replace(b"signed", b"forged")
    sent = urllib.request.Request(prepared.url, data=data, method="POST", headers=dict(prepared.headers))
    try:
        urllib.request.urlopen(sent)
        return "200"
    except urllib.error.HTTPError as e:
        return f"{e.code} {e.headers.get('x-amzn-ErrorType')}"


body = (b'{"ApplicationName": "signed", "RuntimeEnvironment": "FLINK-1_20", "ServiceExecutionRole": "arn:aws:iam::1:role/r", '
        b'"ApplicationConfiguration": {"ApplicationCodeConfiguration": {"CodeContentType": "ZIPFILE", "CodeContent": '
        b'{"S3ContentLocation": {"BucketARN": "arn:aws:s3:::artifacts", "FileKey": "wordcount.lua"}}}}}')
print("wrong secret:", create(client(GOOD[0], "a-wrong-secret"), "wrong-secret"))
print("unknown key:", create(client("AKIDNOBODY", GOOD[1]), "unknown-key"))
print("no signature:", raw(body.replace(b"signed", b"unsigned"), sign=False))
print("expired:", raw(body.replace(b"signed", b"expired"),
                     when=datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(minutes=20)))
print("tampered body:", raw(body, tamper=True))
print("nothing made:", client(*GOOD).list_applications()["ApplicationSummaries"])
print("botocore signed:", create(client(*GOOD), "signed"))
print("raw signed:", raw(body.replace(b"signed", b"raw-signed")))
print("made:", sorted(a["ApplicationName"] for a in client(*GOOD).list_applications()["ApplicationSummaries"]))
