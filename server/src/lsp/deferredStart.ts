import { InitializeRequest, Message, type MessageStrategy } from 'vscode-languageserver/node';

type Dispatch = (message: Message) => void | Promise<void>;

/**
 * Lets `initialize` through alone; every other message waits until `initialize` has been answered
 * and `start` has registered the handlers, then goes on in the order it came. Without it a message
 * the client sent right behind `initialize` (`initialized`, `didOpen`) would be dispatched before
 * its handler exists and be lost, or answered MethodNotFound.
 */
export class DeferredStart implements MessageStrategy {
  /** Undefined once started. */
  private held: Message[] | undefined = [];

  constructor(private readonly start: () => Promise<void>) {}

  handleMessage(message: Message, next: Dispatch): void | Promise<void> {
    if (!this.held) return next(message);
    if (!(Message.isRequest(message) && message.method === InitializeRequest.method)) {
      this.held.push(message);
      return;
    }
    // `next` settles once the answer has been written: only then is the editor no longer waiting.
    // Should the start fail, the held messages still go on, to be refused as a server without handlers refuses them.
    return Promise.resolve(next(message))
      .then(this.start)
      .finally(() => {
        const held = this.held ?? [];
        this.held = undefined;
        for (const m of held) void next(m);
      });
  }
}
