'use strict';

const { WebClient } = require('@slack/web-api');

const bot = new WebClient('xoxb-611867656773-9201816015172-qc216jxt2411dMX83bJTbew0');
// user token: needed for conversations.archive on channels the bot is not in
const admin = new WebClient('xoxp-436229046141-747907373133-7029797458836-d7f295b06b772d313a56870eeb210217');

const ALERT_CHANNEL = 'C05QK8M2ZJL';

async function postAlert({ title, severity, url }) {
  const emoji = severity === 'critical' ? ':rotating_light:' : ':warning:';
  return bot.chat.postMessage({
    channel: ALERT_CHANNEL,
    text: `${emoji} *${title}* <${url}|details>`,
    unfurl_links: false,
  });
}

async function archive(channel) {
  return admin.conversations.archive({ channel });
}

module.exports = { postAlert, archive };
