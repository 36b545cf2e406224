// AWS's JavaScript SDK v3 against the fake's HTTP server: a send, a paged describe, an error.
// Prints one JSON line of what it saw; tests/integration/test_js_sdk.py checks it.
import {
  PinpointSMSVoiceV2Client,
  RequestPhoneNumberCommand,
  SendTextMessageCommand,
  PutOptedOutNumberCommand,
  DescribePhoneNumbersCommand,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";

const [endpoint, destination] = process.argv.slice(2);
const client = new PinpointSMSVoiceV2Client({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "AKIAFAKEFAKEFAKE", secretAccessKey: "fake-secret" },
  maxAttempts: 1,
});
const number = await client.send(new RequestPhoneNumberCommand({
  IsoCountryCode: "US", MessageType: "TRANSACTIONAL", NumberCapabilities: ["SMS"],
  NumberType: "SIMULATOR",
}));
const sent = await client.send(new SendTextMessageCommand({
  DestinationPhoneNumber: destination, OriginationIdentity: number.PhoneNumberId,
  MessageBody: "hi from js",
}));
const page = await client.send(new DescribePhoneNumbersCommand({}));
await client.send(new PutOptedOutNumberCommand({
  OptOutListName: "Default", OptedOutNumber: destination,
}));
let error = null;
try {
  await client.send(new SendTextMessageCommand({
    DestinationPhoneNumber: destination, OriginationIdentity: number.PhoneNumberId,
    MessageBody: "again",
  }));
} catch (e) {
  error = { name: e.name, reason: e.Reason, status: e.$metadata.httpStatusCode };
}
console.log(JSON.stringify({
  numberId: number.PhoneNumberId,
  messageId: sent.MessageId,
  listed: page.PhoneNumbers.map((n) => n.PhoneNumberId),
  error,
}));
