import { Injectable } from '@nestjs/common';

/** The time the inspection life cycle computes delays and deadlines from; tests move it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
