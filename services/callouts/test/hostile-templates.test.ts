import assert from 'node:assert/strict';
import { test } from 'uvu';
import { draftFromCallTask, callTaskSchema } from '../src/domain/intake-drafts.ts';
import { renderPrompts, validateJob } from '../src/domain/job.ts';

const now = new Date('2026-03-02T02:00:00Z');
const job = (greeting: string, question = 'Coming?') =>
  draftFromCallTask(
    callTaskSchema.parse({
      task_id: 'hostile',
      greeting,
      ending: 'Bye',
      phone_prefix: '+852',
      questions: [{ question_type: 'Yes/No', question_template: question }],
      receivers: [{ id: 'a', phone_number: '91234567', username: '</speak><audio src="https://evil.example/a.mp3"/>' }],
    }),
  );

test('{% raw %}, the raw filter, echo … | raw and tablerow are refused, naming the template', () => {
  const cases: [string, RegExp][] = [
    ['{% raw %}</speak><audio src="x"/>{% endraw %}', /\{% raw %\} is not allowed/],
    ['Hi {{ username | raw }}', /raw filter is not allowed/],
    ['{% echo username | raw %}', /raw filter is not allowed/],
    ['{% liquid\necho username | raw\n%}', /raw filter is not allowed/],
    ['{% tablerow c in (1..2) %}{{ c }}{% endtablerow %}', /tablerow %\} is not allowed/],
  ];
  for (const [template, reason] of cases) {
    const greeting = validateJob(job(template), { now });
    assert.ok(!greeting.ok, template);
    assert.ok(
      greeting.issues.some((i) => i.sheet === 'configures' && i.column === 'greeting' && reason.test(i.reason)),
      `${template}: ${JSON.stringify(greeting.issues)}`,
    );
    const question = validateJob(job('Hi', template), { now });
    assert.ok(!question.ok);
    assert.ok(
      question.issues.some((i) => i.sheet === 'questions' && i.row === 1 && i.column === 'question_template' && reason.test(i.reason)),
      template,
    );
  }
});

test('receiver data is always escaped, through every output construct that remains', () => {
  const templates = [
    'Hi {{ username }}',
    '{% echo username %}',
    '{% assign n = username %}{{ n }}',
    '{% capture c %}{{ username }}{% endcapture %}{{ c }}',
    '{{ username | append: "!" }}',
    '{{ username | escape }}',
    '{% for c in (1..1) %}{{ username }}{% endfor %}',
  ];
  for (const greeting of templates) {
    const validation = validateJob(job(greeting), { now });
    assert.ok(validation.ok, `${greeting}: ${JSON.stringify(validation.ok ? '' : validation.issues)}`);
    const prompt = renderPrompts(validation.value.job, validation.value.receivers[0]!).greeting;
    assert.ok(!/<\/?speak|<audio/.test(prompt), `${greeting} → ${prompt}`);
    assert.match(prompt, /&lt;\/speak&gt;|&amp;lt;\/speak&amp;gt;/);
  }
});

test.run();
