/**
 * The Lex V2 bot resource, built from the bot definition data (src/domain/routing-bot.ts) — the same
 * object the local Lex stand-in understands callers with. One `aws-native` Bot holds locale, slot type,
 * intents, slot and slot priorities (the classic provider splits them into resources that reference each
 * other in a cycle: intent ↔ slot priorities).
 */
import type * as awsNative from '@pulumi/aws-native';
import type { RoutingBotDefinition } from '../src/domain/routing-bot.ts';

type BotLocale = awsNative.types.input.lex.BotLocaleArgs;

const message = (value: string) => ({ message: { plainTextMessage: { value } } });

export function botLocaleFrom(definition: RoutingBotDefinition): BotLocale {
  const slot = definition.routeCall.slot;
  const attempt = {
    allowInterrupt: true,
    allowedInputTypes: { allowAudioInput: true, allowDtmfInput: slot.allowDtmfInput },
    audioAndDtmfInputSpecification: {
      startTimeoutMs: slot.startTimeoutMs,
      audioSpecification: { endTimeoutMs: slot.endTimeoutMs, maxLengthMs: slot.maxLengthMs },
      dtmfSpecification: {
        deletionCharacter: '*',
        endCharacter: slot.dtmf.endCharacter,
        endTimeoutMs: slot.dtmf.endTimeoutMs,
        maxLength: slot.dtmf.maxLength,
      },
    },
  };
  return {
    localeId: definition.localeId,
    nluConfidenceThreshold: definition.nluConfidenceThreshold,
    voiceSettings: { voiceId: definition.voice.voiceId, engine: definition.voice.engine },
    slotTypes: [
      {
        name: definition.slotType.name,
        valueSelectionSetting: { resolutionStrategy: definition.slotType.resolutionStrategy },
        slotTypeValues: definition.slotType.values.map((v) => ({
          sampleValue: { value: v.value },
          ...(v.synonyms.length > 0 ? { synonyms: v.synonyms.map((value) => ({ value })) } : {}),
        })),
      },
    ],
    intents: [
      {
        name: definition.routeCall.name,
        description: definition.routeCall.description,
        sampleUtterances: definition.routeCall.sampleUtterances.map((utterance) => ({ utterance })),
        dialogCodeHook: { enabled: true },
        fulfillmentCodeHook: { enabled: true },
        slotPriorities: [{ priority: 1, slotName: slot.name }],
        slots: [
          {
            name: slot.name,
            slotTypeName: definition.slotType.name,
            valueElicitationSetting: {
              slotConstraint: 'Required',
              promptSpecification: {
                maxRetries: slot.maxRetries,
                allowInterrupt: true,
                messageGroupsList: [message(slot.prompt)],
                promptAttemptsSpecification: { Initial: attempt, Retry1: attempt, Retry2: attempt },
              },
            },
          },
        ],
      },
      {
        // Lex's catch-all; its fulfillment hook gets the caller's words so a department said outside the
        // sample utterances is still matched (and counted as a failure otherwise).
        name: definition.fallback.name,
        parentIntentSignature: definition.fallback.parentIntentSignature,
        fulfillmentCodeHook: { enabled: true },
      },
    ],
  };
}
