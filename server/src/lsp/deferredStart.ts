import { InitializeRequest, Message, type MessageStrategy } from 'vscode-languageserver/node';

type Dispatch = (message: Message) => void | Promise<void>;

/**
 * Lets `initialize` through, then holds every other message until `initialize` has been answered
 * and `start` has registered the handlers, and passes them on in the order they came. Without it
 * a message the client sent right behind `initialize` (`initialized`, `didOpen`) would be
 * dispatched before its handler exists and be lost, or answered MethodNotFound. Messages before
 * `initialize` go through as they come: the protocol allows only `exit` there.
 */
export class DeferredStart implements MessageStrategy {
  private initializing = false;
  /** What came while `initialize` was being answered and the handlers registered. */
  private held?: Message[];

  constructor(private readonly start: () => Promise<void>) {}

  handleMessage(message: Message, next: Dispatch): void | Promise<void> {
    if (this.held) {
      this.held.push(message);
      return;
    }
    if (this.initializing || !(Message.isRequest(message) && message.method === InitializeRequest.method)) return next(message);
    this.initializing = true;
    this.held = [];
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
